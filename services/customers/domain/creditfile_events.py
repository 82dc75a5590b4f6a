"""The credit file's private history (stored per customer in ``credit`` streams, never
published): what customers records of the facts it follows from invoicing and collections.

Only ``CreditRated`` (shared contract) leaves the service.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from services.customers.domain.credit.exposure import OrderFact
from shared.contracts.envelope import Event, domain_event
from shared.contracts.money import Money, PositiveMoney


@domain_event("customers")
class CreditInvoiceTracked(Event):
    """Invoicing issued an invoice to the customer (an open item until settled)."""

    type: Literal["CreditInvoiceTracked"] = "CreditInvoiceTracked"
    customer_id: str
    invoice_id: str
    amount: PositiveMoney
    issue_date: dt.date
    due_date: dt.date


@domain_event("customers")
class CreditInvoiceBalanceChanged(Event):
    """A payment left ``outstanding`` on the invoice."""

    type: Literal["CreditInvoiceBalanceChanged"] = "CreditInvoiceBalanceChanged"
    customer_id: str
    invoice_id: str
    outstanding: Money


@domain_event("customers")
class CreditInvoicePaid(Event):
    """The invoice was settled on ``paid_on``: paid on time, or ``days_late`` late."""

    type: Literal["CreditInvoicePaid"] = "CreditInvoicePaid"
    customer_id: str
    invoice_id: str
    amount: PositiveMoney
    due_date: dt.date
    paid_on: dt.date


@domain_event("customers")
class CreditPromiseTracked(Event):
    """Collections took a promise to pay from the customer."""

    type: Literal["CreditPromiseTracked"] = "CreditPromiseTracked"
    customer_id: str
    promise_id: str
    amount: PositiveMoney
    due_on: dt.date


@domain_event("customers")
class CreditRecordLine(Event):
    """A line of the integrity record: a promise kept or broken, a dispute raised or
    settled, a supply halt or its end (``reference``: the promise, invoice or halt)."""

    type: Literal["CreditRecordLine"] = "CreditRecordLine"
    customer_id: str
    kind: Literal["promise_kept", "promise_broken", "dispute_raised", "dispute_credited",
                  "dispute_upheld", "supply_halted", "supply_resumed"]  # fmt: skip
    reference: str
    on: dt.date


@domain_event("customers")
class CreditReviewed(Event):
    """The monthly re-rating of ``month`` ran (once per month, whatever restarts)."""

    type: Literal["CreditReviewed"] = "CreditReviewed"
    customer_id: str
    month: str  # YYYY-MM
    grade: Literal["A", "B", "C", "D", "E"] | None = None
    score: int | None = None


@domain_event("customers")
class CreditOrderRecorded(Event):
    """The ERP accepted, shipped or cancelled an order (the exposure on order)."""

    type: Literal["CreditOrderRecorded"] = "CreditOrderRecorded"
    customer_id: str
    order: OrderFact
