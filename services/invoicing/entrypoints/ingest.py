"""The ingest stream ``hk:ingest:invoices``: plain JSON commands from an ERP or a bank feed.

Each entry's ``__data__`` field holds one command, told apart by ``type``. A payload
that does not parse (bad JSON, unknown type, missing or extra field, negative amount,
unknown currency) makes ``parse_ingest`` raise and the bus dead-letters the entry with
the reason. A command that parses but breaks a business rule is recorded in the
rejection stream and acknowledged. Re-sent commands are no-ops (natural keys).
See docs/ingest.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from services.invoicing.domain.commands import IssueInvoice, RecordPayment
from shared.contracts.money import PositiveMoney
from shared.infra import keys


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
    booked_by: None = None  # only an authenticated API caller is named as the booker

    @property
    def key(self) -> str:
        return f"payment:{self.payment_id}"

    def command(self) -> RecordPayment:
        return RecordPayment.model_validate(self.model_dump(exclude={"type"}))


INGEST_STREAM = keys.ingest("invoices")
IngestCommand = Annotated[IssueInvoiceMessage | RecordPaymentMessage, Field(discriminator="type")]
_ADAPTER: TypeAdapter[IngestCommand] = TypeAdapter(IngestCommand)


IngestMessage = IssueInvoiceMessage | RecordPaymentMessage


def parse_ingest(payload: bytes) -> IngestMessage:
    """Parse one ingest entry; raises ``ValidationError`` (a ``ValueError``) when malformed."""
    return _ADAPTER.validate_json(payload)
