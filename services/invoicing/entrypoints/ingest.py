"""The ingest stream ``hk:ingest:invoices``: plain JSON commands from an ERP or a bank feed.

Each entry's ``__data__`` field holds one command, told apart by ``type``. A payload
that does not parse (bad JSON, unknown type, missing or extra field, negative amount,
unknown currency) makes ``parse_ingest`` raise and the bus dead-letters the entry with
the reason. A command that parses but breaks a business rule is recorded in the
rejection stream and acknowledged. Re-sent commands are no-ops (natural keys).
See docs/ingest.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from services.invoicing.application.ports import RejectionLog
from services.invoicing.application.service import Invoicing
from services.invoicing.domain.commands import IssueInvoice, RecordPayment
from shared.contracts.money import PositiveMoney
from shared.kernel.errors import DomainError


class IssueInvoiceMessage(IssueInvoice):
    type: Literal["IssueInvoice"]
    amount: PositiveMoney

    @property
    def key(self) -> str:
        return f"invoice:{self.external_number}"

    def command(self) -> IssueInvoice:
        return IssueInvoice.model_validate(self.model_dump(exclude={"type"}))


class RecordPaymentMessage(RecordPayment):
    type: Literal["RecordPayment"]
    amount: PositiveMoney

    @property
    def key(self) -> str:
        return f"payment:{self.payment_id}"

    def command(self) -> RecordPayment:
        return RecordPayment.model_validate(self.model_dump(exclude={"type"}))


IngestCommand = Annotated[IssueInvoiceMessage | RecordPaymentMessage, Field(discriminator="type")]
_ADAPTER: TypeAdapter[IngestCommand] = TypeAdapter(IngestCommand)


def parse_ingest(payload: bytes) -> IssueInvoiceMessage | RecordPaymentMessage:
    """Parse one ingest entry; raises ``ValidationError`` (a ``ValueError``) when malformed."""
    return _ADAPTER.validate_json(payload)


def ingest_handler(
    invoicing: Invoicing, rejections: RejectionLog
) -> Callable[[IssueInvoiceMessage | RecordPaymentMessage], Awaitable[None]]:
    async def on_ingest_command(message: IssueInvoiceMessage | RecordPaymentMessage) -> None:
        try:
            if isinstance(message, IssueInvoiceMessage):
                await invoicing.issue(message.command(), source="ingest")
            else:
                await invoicing.record_payment(message.command(), source="ingest")
        except DomainError as refused:
            await rejections.record(message.model_dump_json(), message.type, message.key, refused)

    return on_ingest_command
