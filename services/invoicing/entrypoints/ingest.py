"""The ingest stream ``hk:ingest:invoices``: plain JSON commands from an ERP or a bank feed.

Each entry's ``__data__`` field holds one command, told apart by ``type``. A payload
that does not parse (no ``__data__`` field, bad JSON, unknown type, missing or extra
field, negative amount, unknown currency) makes ``parse_ingest`` raise and the bus
dead-letters the entry with the reason. A command that parses but breaks a business rule
is recorded in the rejection stream (with the rule, the ingest entry id and ISO times)
and acknowledged. Re-sent commands are no-ops (natural keys). See docs/ingest.md; the
JSON Schemas are in docs/schemas/ingest/.

The customer-account commands name the account (``customer_id``) and carry the ledger
command's own fields; ``CancelInvoice`` and ``ChangeDueDate`` name the invoice, whose
customer invoicing knows.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

from services.invoicing.domain.commands import CustomerId, IssueInvoice, RecordPayment
from services.invoicing.domain.ledger import commands as ledger
from shared.contracts.money import PositiveMoney
from shared.infra import keys
from shared.kernel.copying import constructed

INGEST_STREAM = keys.ingest("invoices")


_ISSUE = tuple(IssueInvoice.model_fields)


class IssueInvoiceMessage(IssueInvoice):
    type: Literal["IssueInvoice"]
    amount: PositiveMoney

    @property
    def key(self) -> str:
        return f"invoice:{self.external_number}"

    @property
    def lane(self) -> str:
        return f"invoice:{self.external_number}"  # in order with payments naming it

    def command(self) -> IssueInvoice:
        # Validated as this message already, with a stricter amount: no second validation.
        mine = self.__dict__
        return constructed(IssueInvoice, {name: mine[name] for name in _ISSUE})


class RecordPaymentMessage(RecordPayment):
    type: Literal["RecordPayment"]
    amount: PositiveMoney
    booked_by: None = None  # only an authenticated API caller is named as the booker

    @property
    def key(self) -> str:
        return f"payment:{self.payment_id}"

    @property
    def lane(self) -> str:
        return f"invoice:{self.external_number}"

    def command(self) -> RecordPayment:
        return RecordPayment.model_validate(self.model_dump(exclude={"type"}))


class _AccountMessage(BaseModel):
    """A ledger command on the account of ``customer_id``."""

    customer_id: CustomerId
    _command: type[ledger.Value]

    @property
    def key(self) -> str:
        ids = [v for k, v in self.model_dump().items() if k.endswith("_id") and isinstance(v, str)]
        return f"{self.model_dump().get('type')}:{':'.join(ids)}"

    @property
    def lane(self) -> str:
        return self.customer_id

    def command(self) -> Any:
        return self._command.model_validate(self.model_dump(exclude={"type", "customer_id"}))


class ReceivePaymentMessage(_AccountMessage, ledger.ReceivePayment):
    """Money received for a customer: ``allocations`` if the payer said what it pays, else
    the customer's rule (oldest due first); what is left stays unapplied credit."""

    type: Literal["ReceivePayment"]
    _command = ledger.ReceivePayment


class ApplyUnappliedCreditMessage(_AccountMessage, ledger.ApplyUnappliedCredit):
    type: Literal["ApplyUnappliedCredit"]
    _command = ledger.ApplyUnappliedCredit


class IssueCreditNoteMessage(_AccountMessage, ledger.IssueCreditNote):
    type: Literal["IssueCreditNote"]
    _command = ledger.IssueCreditNote


class RaiseChargeMessage(_AccountMessage, ledger.RaiseCharge):
    """A debit note (more principal) or a fee, on its own or against an invoice."""

    type: Literal["RaiseCharge"]
    _command = ledger.RaiseCharge


class RefundUnappliedCreditMessage(_AccountMessage, ledger.RefundUnappliedCredit):
    type: Literal["RefundUnappliedCredit"]
    _command = ledger.RefundUnappliedCredit


class ReversePaymentMessage(_AccountMessage, ledger.ReversePayment):
    type: Literal["ReversePayment"]
    _command = ledger.ReversePayment


class _InvoiceMessage(BaseModel):
    """A ledger command about one invoice; its customer is found from the invoice."""

    _command: type[ledger.Value]

    @property
    def key(self) -> str:
        return f"{self.model_dump().get('type')}:{self.model_dump()['invoice_id']}"

    @property
    def lane(self) -> str:
        return f"invoice:{self.model_dump()['invoice_id']}"

    def command(self) -> Any:
        return self._command.model_validate(self.model_dump(exclude={"type"}))


class CancelInvoiceMessage(_InvoiceMessage, ledger.CancelInvoice):
    type: Literal["CancelInvoice"]
    _command = ledger.CancelInvoice


class ChangeDueDateMessage(_InvoiceMessage, ledger.ChangeDueDate):
    type: Literal["ChangeDueDate"]
    _command = ledger.ChangeDueDate


AccountMessage = (
    ReceivePaymentMessage
    | ApplyUnappliedCreditMessage
    | IssueCreditNoteMessage
    | RaiseChargeMessage
    | RefundUnappliedCreditMessage
    | ReversePaymentMessage
)
InvoiceMessage = CancelInvoiceMessage | ChangeDueDateMessage
IngestMessage = IssueInvoiceMessage | RecordPaymentMessage | AccountMessage | InvoiceMessage
INGEST_MESSAGES: tuple[type[BaseModel], ...] = (
    IssueInvoiceMessage, RecordPaymentMessage, ReceivePaymentMessage,
    ApplyUnappliedCreditMessage, IssueCreditNoteMessage, RaiseChargeMessage,
    RefundUnappliedCreditMessage, ReversePaymentMessage, CancelInvoiceMessage,
    ChangeDueDateMessage,
)  # fmt: skip
IngestCommand = Annotated[IngestMessage, Field(discriminator="type")]
_ADAPTER: TypeAdapter[IngestMessage] = TypeAdapter(IngestCommand)


def parse_ingest(payload: bytes) -> IngestMessage:
    """Parse one ingest entry; raises ``ValidationError`` (a ``ValueError``) when malformed."""
    # The adapter's validator itself: the adapter's own method only wraps it (6 % of a parse).
    parsed: IngestMessage = _ADAPTER.validator.validate_json(payload)
    return parsed


def ingest_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every ingest command, by its ``type`` (docs/schemas/ingest/)."""
    found = {}
    for model in INGEST_MESSAGES:
        name = model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
        schema = model.model_json_schema()
        schema["title"] = name
        schema["description"] = (model.__doc__ or "").strip() or f"The ingest command {name}."
        found[name] = schema
    return found
