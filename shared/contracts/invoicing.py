"""Invoicing family: invoices, payments, missed due dates."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.contracts.envelope import Event, event
from shared.contracts.money import Money, PositiveMoney


@event("invoicing")
class InvoiceIssued(Event):
    """An invoice to a debtor exists and is payable by ``due_date``."""

    type: Literal["InvoiceIssued"] = "InvoiceIssued"
    invoice_id: str
    customer_id: str
    external_number: str = Field(min_length=1, max_length=64)
    amount: PositiveMoney
    issue_date: dt.date
    due_date: dt.date
    source: Literal["api", "ingest"] = "api"


@event("invoicing")
class PaymentReceived(Event):
    """Money arrived against an invoice; ``outstanding`` is what is left after it."""

    type: Literal["PaymentReceived"] = "PaymentReceived"
    payment_id: str
    invoice_id: str
    customer_id: str
    amount: PositiveMoney
    value_date: dt.date
    outstanding: Money
    source: Literal["api", "ingest"] = "api"
    booked_by: str | None = Field(default=None, max_length=128)
    """The API key (its name) that booked it through the API; None from the ingest stream."""


@event("invoicing")
class InvoiceSettled(Event):
    """The invoice has nothing left to pay."""

    type: Literal["InvoiceSettled"] = "InvoiceSettled"
    invoice_id: str
    customer_id: str
    settled_on: dt.date


@event("invoicing")
class PaymentMissed(Event):
    """The due date plus grace passed with money still outstanding."""

    type: Literal["PaymentMissed"] = "PaymentMissed"
    invoice_id: str
    customer_id: str
    external_number: str
    due_date: dt.date
    outstanding: PositiveMoney
    grace_days: int = Field(ge=0)
