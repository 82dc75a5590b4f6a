"""Dispute rate and time to resolve.

- Dispute rate: of the invoices issued in the period, the share disputed by ``as_of`` (by
  count, and by issued amount per currency).
- Time to resolve: disputes resolved in the period, days from raised to resolved (mean and
  median, to 0.1 day). Disputes still open at ``as_of`` are counted with their age.
An invoice disputed twice has two disputes: each resolution ends the earliest one open then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book, InvoiceFacts
from services.analytics.domain.figures import Period, Ratio, days, divide
from services.analytics.domain.ledger import ZERO


@dataclass(frozen=True)
class Dispute:
    invoice_id: str
    raised_on: dt.date
    resolved_on: dt.date | None
    resolved_by: str | None


def disputes_of(facts: InvoiceFacts, as_of: dt.date) -> list[Dispute]:
    raised = sorted(
        (r for r in facts.disputes if r.raised_on <= as_of), key=lambda r: (r.raised_on, r.fact_id)
    )
    ends = sorted(
        (r for r in facts.resolutions if r.resolved_on <= as_of),
        key=lambda r: (r.resolved_on, r.fact_id),
    )
    closed: dict[int, tuple[dt.date, str | None]] = {}
    for end in ends:
        i = next(
            (i for i, r in enumerate(raised) if i not in closed and r.raised_on <= end.resolved_on),
            None,
        )
        if i is not None:
            closed[i] = (end.resolved_on, end.resolved_by)
    return [
        Dispute(facts.invoice_id, r.raised_on, *closed.get(i, (None, None)))
        for i, r in enumerate(raised)
    ]


class DisputedAmount(BaseModel):
    model_config = ConfigDict(frozen=True)

    currency: str
    issued: Decimal
    disputed: Decimal

    @property
    def rate(self) -> Ratio:
        return Ratio.of(self.disputed, self.issued)


class DisputeReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    period: Period
    as_of: dt.date
    issued: int
    disputed: int
    amounts: tuple[DisputedAmount, ...]
    resolved: int
    mean_days_to_resolve: Decimal | None
    median_days_to_resolve: Decimal | None
    open: int
    mean_open_age: Decimal | None

    @property
    def rate(self) -> Ratio:
        return Ratio.of(self.disputed, self.issued)


def _mean(values: list[int]) -> Decimal | None:
    return days(divide(Decimal(sum(values)), Decimal(len(values))))


def _median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    ordered, mid = sorted(values), len(values) // 2
    middle = Decimal(ordered[mid])
    return days(middle if len(values) % 2 else (Decimal(ordered[mid - 1]) + middle) / 2)


def disputes(book: Book, period: Period, as_of: dt.date) -> DisputeReport:
    issued = disputed = 0
    amounts: dict[str, tuple[Decimal, Decimal]] = {}
    taken: list[int] = []
    ages: list[int] = []
    for facts in book.issued():
        invoice = facts.issued
        assert invoice is not None
        found = disputes_of(facts, as_of)
        if invoice.issue_date in period and invoice.issue_date <= as_of:
            money = invoice.amount
            was_issued, was_disputed = amounts.get(money.currency, (ZERO, ZERO))
            hit = money.amount if found else ZERO
            amounts[money.currency] = (was_issued + money.amount, was_disputed + hit)
            issued, disputed = issued + 1, disputed + bool(found)
        for d in found:
            if d.resolved_on is None:
                ages.append((as_of - d.raised_on).days)
            elif d.resolved_on in period:
                taken.append((d.resolved_on - d.raised_on).days)
    return DisputeReport(
        period=period,
        as_of=as_of,
        issued=issued,
        disputed=disputed,
        amounts=tuple(
            DisputedAmount(currency=c, issued=i, disputed=d)
            for c, (i, d) in sorted(amounts.items())
        ),
        resolved=len(taken),
        mean_days_to_resolve=_mean(taken),
        median_days_to_resolve=_median(taken),
        open=len(ages),
        mean_open_age=_mean(ages),
    )
