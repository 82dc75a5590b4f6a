"""Reconcile: does collections hold the same balances as the ledger of record?

For each customer, every invoice in invoicing's account is compared with collections'
view of the same invoice on all that collections knows of it: what is still owed on its
principal (after payments, credit notes, cancellations, write-offs and reversals, which
collections follows), the amount invoiced, and the due date; and the per-currency totals
of both. Every difference is reported: an outstanding amount, an invoiced amount or a due
date that differs, an invoice one side has and the other has not, a customer collections
does not know. Zero differences means both services agree on all of it.

What collections never receives is not compared, and the report says so
(``not_compared``): late interest, fixed compensation, fees and debit notes (charges
booked in invoicing alone), and unapplied cash. Those are invoicing's alone, the ledger of
record; the report lists invoicing's open charges per customer and currency beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal, Protocol

from pydantic import BaseModel, computed_field

from shared.contracts.money import Money

Kind = Literal[
    "amount_differs",  # what is still owed on the invoice
    "invoiced_differs",  # the amount invoiced
    "due_date_differs",
    "missing_in_collections",
    "missing_in_invoicing",
    "no_debtor",
]
COMPARED = ("outstanding principal per invoice", "amount invoiced per invoice",
            "due date per invoice", "per-currency totals of outstanding principal")  # fmt: skip
NOT_COMPARED = ("late interest", "fixed compensation", "fees and debit notes",
                "unapplied cash")  # fmt: skip
"""Invoicing's alone: collections receives no event for them (see the module's text)."""


class Followed(BaseModel):
    """One invoice as a side holds it (an unknown amount or due date is not compared)."""

    outstanding: Money
    amount: Money | None = None
    due_date: dt.date | None = None


class FollowedBalances(Protocol):
    """What collections holds per invoice of a debtor (None: collections has no debtor)."""

    async def invoices(self, customer_id: str) -> dict[str, Followed] | None: ...


class FollowedBalancesUnavailable(RuntimeError):
    """Collections did not answer (or answered an error): nothing can be compared."""

    transient = True


class Reconciler(Protocol):
    """Runs ``reconcile`` with collections' balances read with ``api_key`` (the caller's)."""

    async def __call__(self, api_key: str, customer_ids: list[str]) -> Report: ...


class Difference(BaseModel):
    customer_id: str
    invoice_id: str | None
    kind: Kind
    invoicing: Money | None
    collections: Money | None
    invoicing_due_date: dt.date | None = None  # due_date_differs only
    collections_due_date: dt.date | None = None


class CustomerTotals(BaseModel):
    customer_id: str
    currency: str
    invoicing: Money
    collections: Money


class OpenCharges(BaseModel):
    """Charges open in invoicing alone (interest, compensation, fees, debit notes)."""

    customer_id: str
    open: Money


class Report(BaseModel):
    """``agreed`` when there is no difference at all in what is compared."""

    customers: int
    invoices: int
    differences: list[Difference]
    totals: list[CustomerTotals]
    compared: tuple[str, ...] = COMPARED
    not_compared: tuple[str, ...] = NOT_COMPARED
    charges_not_compared: list[OpenCharges] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def agreed(self) -> bool:
        return not self.differences


def compare(
    customer_id: str, ledger: Mapping[str, Followed], followed: Mapping[str, Followed] | None
) -> tuple[list[Difference], list[CustomerTotals]]:
    """The differences between the ledger's invoices and collections' for one customer."""
    found: list[Difference] = []
    if followed is None:
        owed = {k: v for k, v in ledger.items() if v.outstanding.is_positive()}
        if owed:
            found.append(Difference(customer_id=customer_id, invoice_id=None, kind="no_debtor",
                                    invoicing=None, collections=None))  # fmt: skip
        followed = {}
    for invoice_id in sorted(set(ledger) | set(followed)):
        found += _differences(customer_id, invoice_id, ledger.get(invoice_id),
                              followed.get(invoice_id))  # fmt: skip
    outstanding = {k: v.outstanding for k, v in ledger.items()}
    return found, _totals(customer_id, outstanding, {k: v.outstanding for k, v in followed.items()})


def _differences(
    customer_id: str, invoice_id: str, ours: Followed | None, theirs: Followed | None
) -> list[Difference]:
    def one(kind: Kind, a: Money | None, b: Money | None, **dates: dt.date | None) -> Difference:
        return Difference(customer_id=customer_id, invoice_id=invoice_id, kind=kind,
                          invoicing=a, collections=b, **dates)  # fmt: skip

    if ours is None or theirs is None:
        if ours is None and theirs is not None and theirs.outstanding.amount != 0:
            return [one("missing_in_invoicing", None, theirs.outstanding)]
        if theirs is None and ours is not None and ours.outstanding.amount != 0:
            return [one("missing_in_collections", ours.outstanding, None)]
        return []
    found = []
    if ours.outstanding != theirs.outstanding:
        found.append(one("amount_differs", ours.outstanding, theirs.outstanding))
    if None not in (ours.amount, theirs.amount) and ours.amount != theirs.amount:
        found.append(one("invoiced_differs", ours.amount, theirs.amount))
    if None not in (ours.due_date, theirs.due_date) and ours.due_date != theirs.due_date:
        found.append(one("due_date_differs", None, None, invoicing_due_date=ours.due_date,
                         collections_due_date=theirs.due_date))  # fmt: skip
    return found


def _totals(
    customer_id: str, ledger: Mapping[str, Money], followed: Mapping[str, Money]
) -> list[CustomerTotals]:
    sums: dict[str, list[Decimal]] = {}
    for index, side in enumerate((ledger, followed)):
        for amount in side.values():
            sums.setdefault(amount.currency, [Decimal(0), Decimal(0)])[index] += amount.amount
    return [
        CustomerTotals(
            customer_id=customer_id,
            currency=currency,
            invoicing=Money.of(ours, currency),
            collections=Money.of(theirs, currency),
        )
        for currency, (ours, theirs) in sorted(sums.items())
    ]


class _Charge(Protocol):
    @property
    def open(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...


def open_charges(customer_id: str, charges: list[_Charge]) -> list[OpenCharges]:
    """What is open on the customer's charges, per currency (shown, not compared)."""
    sums: dict[str, Decimal] = {}
    for charge in charges:
        sums[charge.currency] = sums.get(charge.currency, Decimal(0)) + charge.open
    return [OpenCharges(customer_id=customer_id, open=Money.of(amount, currency))
            for currency, amount in sorted(sums.items()) if amount]  # fmt: skip
