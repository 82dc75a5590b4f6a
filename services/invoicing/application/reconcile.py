"""Reconcile: does collections hold the same balances as the ledger of record?

For each customer, every invoice's outstanding amount in invoicing's account (the
invoice's principal, what collections follows) is compared with collections' view of the
same invoice, and the per-currency totals of both. Every difference is reported: an
amount that differs, an invoice one side has and the other has not, a customer
collections does not know. Zero differences means both services agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal, Protocol

from pydantic import BaseModel, computed_field

from shared.contracts.money import Money

Kind = Literal["amount_differs", "missing_in_collections", "missing_in_invoicing", "no_debtor"]


class FollowedBalances(Protocol):
    """What collections holds per invoice of a debtor (None: collections has no debtor)."""

    async def invoices(self, customer_id: str) -> dict[str, Money] | None: ...


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


class CustomerTotals(BaseModel):
    customer_id: str
    currency: str
    invoicing: Money
    collections: Money


class Report(BaseModel):
    """``agreed`` when there is no difference at all."""

    customers: int
    invoices: int
    differences: list[Difference]
    totals: list[CustomerTotals]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def agreed(self) -> bool:
        return not self.differences


def compare(
    customer_id: str, ledger: Mapping[str, Money], followed: Mapping[str, Money] | None
) -> tuple[list[Difference], list[CustomerTotals]]:
    """The differences between the ledger's invoices and collections' for one customer."""
    found: list[Difference] = []
    if followed is None:
        owed = {k: v for k, v in ledger.items() if v.is_positive()}
        if owed:
            found.append(Difference(customer_id=customer_id, invoice_id=None, kind="no_debtor",
                                    invoicing=None, collections=None))  # fmt: skip
        followed = {}
    for invoice_id in sorted(set(ledger) | set(followed)):
        ours, theirs = ledger.get(invoice_id), followed.get(invoice_id)
        kind: Kind | None = None
        if ours is None and theirs is not None and theirs.amount != 0:
            kind = "missing_in_invoicing"
        elif theirs is None and ours is not None and ours.amount != 0:
            kind = "missing_in_collections"
        elif ours is not None and theirs is not None and ours != theirs:
            kind = "amount_differs"
        if kind is not None:
            found.append(Difference(customer_id=customer_id, invoice_id=invoice_id, kind=kind,
                                    invoicing=ours, collections=theirs))  # fmt: skip
    return found, _totals(customer_id, ledger, followed)


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
