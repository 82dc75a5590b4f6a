"""What can be asked of an invoice. Shapes only; the rules live in ``decide``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.contracts.money import Money

# Identifiers end up in Redis keys and URL paths: letters, digits and . _ - only.
InvoiceNumber = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
CustomerId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
# Bank references also use ':' and '/'.
PaymentReference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")]
Source = Literal["api", "ingest"]


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IssueInvoice(_Command):
    """Issue the invoice ``external_number`` (the ERP's number) to ``customer_id``."""

    external_number: InvoiceNumber
    customer_id: CustomerId
    amount: Money
    issue_date: dt.date
    due_date: dt.date


class RecordPayment(_Command):
    """Book money received against an invoice; ``payment_id`` is the payer's/bank reference."""

    payment_id: PaymentReference
    external_number: InvoiceNumber
    amount: Money
    value_date: dt.date
    booked_by: str | None = None  # who booked it through the API (the key's name), for audit


class CheckPaymentDue(_Command):
    """The due date plus grace has passed: note a missed payment if money is still owed."""

    timer_id: str = Field(min_length=1)
    external_number: InvoiceNumber
    customer_id: CustomerId
    grace_days: int = Field(ge=0)


Command = IssueInvoice | RecordPayment | CheckPaymentDue
