"""How the book holds its most numerous facts — invoices issued and payments applied — in
memory: small slotted records instead of pydantic models, sharing repeated values.

A pydantic model keeps a ``__dict__``, a set of the fields it was given and, for its amount,
a second model of the same weight: about 2 KB for an issue with its money. A slotted record
with the same fields (and the same attribute names, so every report reads it the same way)
is a fraction of that; its ids, dates and currency are the book's shared objects (one
``date`` per day, one string per customer and per invoice), not one copy per fact.
The records compare equal exactly when the facts they were made from do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from services.analytics.domain.facts import InvoiceIssued, Item, PaymentApplied

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount in its currency (the ``Money`` of a fact, without its model)."""

    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Issue:
    """An ``InvoiceIssued`` fact as the book keeps it."""

    fact_id: str
    invoice_id: str
    customer_id: str
    amount: Amount
    issue_date: dt.date
    due_date: dt.date
    item: Item


@dataclass(frozen=True, slots=True)
class Payment:
    """A ``PaymentApplied`` fact as the book keeps it."""

    fact_id: str
    payment_id: str
    invoice_id: str
    amount: Amount
    value_date: dt.date


class Shared:
    """One object per distinct value (days, currencies, customer ids) for the whole book."""

    def __init__(self) -> None:
        self._known: dict[object, object] = {}

    def __call__(self, value: T) -> T:
        found = self._known.setdefault(value, value)
        return found if type(found) is type(value) else value


def issue_record(fact: InvoiceIssued, invoice_id: str, shared: Shared) -> Issue:
    """``invoice_id`` is the book's own string for the invoice (its key)."""
    return Issue(
        fact_id=fact.fact_id,
        invoice_id=invoice_id,
        customer_id=shared(fact.customer_id),
        amount=Amount(fact.amount.amount, shared(fact.amount.currency)),
        issue_date=shared(fact.issue_date),
        due_date=shared(fact.due_date),
        item=fact.item,
    )


def payment_record(fact: PaymentApplied, invoice_id: str, shared: Shared) -> Payment:
    return Payment(
        fact_id=fact.fact_id,
        payment_id=fact.payment_id,
        invoice_id=invoice_id,
        amount=Amount(fact.amount.amount, shared(fact.amount.currency)),
        value_date=shared(fact.value_date),
    )
