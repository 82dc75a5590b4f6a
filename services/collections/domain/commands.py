"""What collections is asked to do for a debtor, taken from the facts other services publish.

Each command names the debtor (``customer_id``); the invoice commands carry
``invoice_version``, the version of the invoicing fact they came from, which orders
facts about one invoice however they arrive.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Event, Money
from shared.contracts.customers import CustomerRegistered
from shared.contracts.invoicing import (
    InvoiceIssued,
    InvoiceSettled,
    PaymentMissed,
    PaymentReceived,
)


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    customer_id: str = Field(min_length=1)


class _InvoiceCommand(_Command):
    invoice_id: str
    invoice_version: int = Field(ge=1)


class RegisterDebtor(_Command):
    """Remember the debtor's jurisdiction, currency and segment."""

    jurisdiction: str
    currency: str
    segment: str = "standard"


class TrackInvoice(_InvoiceCommand):
    """Follow a newly issued invoice."""

    external_number: str
    amount: Money
    issue_date: dt.date
    due_date: dt.date


class ApplyPayment(_InvoiceCommand):
    """Book a payment against an invoice; ``outstanding`` is invoicing's balance after it."""

    payment_id: str
    amount: Money
    value_date: dt.date
    outstanding: Money


class CloseInvoice(_InvoiceCommand):
    """The invoice has nothing left to pay."""

    settled_on: dt.date


class RecordMissedPayment(_InvoiceCommand):
    """The invoice's due date (plus grace) passed with ``outstanding`` unpaid."""

    external_number: str
    due_date: dt.date
    outstanding: Money


Command = RegisterDebtor | TrackInvoice | ApplyPayment | CloseInvoice | RecordMissedPayment


# Which integration event asks which command; the fields carry over by name.
_ASKED_BY: dict[type[Event], type[Command]] = {
    CustomerRegistered: RegisterDebtor,
    InvoiceIssued: TrackInvoice,
    PaymentReceived: ApplyPayment,
    InvoiceSettled: CloseInvoice,
    PaymentMissed: RecordMissedPayment,
}


def command_for(event: Event) -> Command | None:
    """The command an integration event asks of collections; None when it asks nothing."""
    kind = _ASKED_BY.get(type(event))
    if kind is None:
        return None
    fields = event.model_dump(include=set(kind.model_fields))
    if issubclass(kind, _InvoiceCommand):
        fields["invoice_version"] = event.aggregate_version
    return kind.model_validate(fields)
