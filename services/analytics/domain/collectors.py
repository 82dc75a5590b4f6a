"""Collector activity and results over a period.

Activity: promises taken (made in the period), plans agreed, disputes resolved. Results: the
kept rate of the collector's promises due in the period (as ``promise_kept_rate``), and the
money collected — payments value-dated in the period, standing at ``as_of``, on invoices of
debtors the collector was assigned to on the payment's value date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book
from services.analytics.domain.casework import OutcomeRow, promise_kept_rate
from services.analytics.domain.disputes import disputes_of
from services.analytics.domain.figures import Period, Ratio
from services.analytics.domain.ledger import ZERO, payments_in


class Collected(BaseModel):
    model_config = ConfigDict(frozen=True)

    currency: str
    amount: Decimal


class CollectorRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    collector: str
    promises_taken: int
    plans_agreed: int
    disputes_resolved: int
    promises_kept: int
    promises_broken: int
    collected: tuple[Collected, ...]

    @property
    def kept_rate(self) -> Ratio:
        return Ratio.of(self.promises_kept, self.promises_kept + self.promises_broken)


def _collected(book: Book, period: Period, as_of: dt.date) -> dict[str, dict[str, Decimal]]:
    by_collector: defaultdict[str, dict[str, Decimal]] = defaultdict(dict)
    before = period.start - dt.timedelta(days=1)
    for facts in book.issued():
        invoice = facts.issued
        assert invoice is not None
        for payment in payments_in(facts, before, min(period.end, as_of)):
            who = book.assignment(invoice.customer_id, "collector", payment.value_date)
            if who is not None:
                sums = by_collector[who]
                currency = payment.amount.currency
                sums[currency] = sums.get(currency, ZERO) + payment.amount.amount
    return by_collector


def collector_activity(book: Book, period: Period, as_of: dt.date) -> tuple[CollectorRow, ...]:
    taken: defaultdict[str, int] = defaultdict(int)
    for promise in book.promises.values():
        if promise.made_on in period and promise.made_on <= as_of:
            taken[promise.taken_by] += 1
    agreed: defaultdict[str, int] = defaultdict(int)
    for plan in book.plans.values():
        if plan.agreed_on in period and plan.agreed_on <= as_of:
            agreed[plan.taken_by] += 1
    resolved: defaultdict[str, int] = defaultdict(int)
    for facts in book.issued():
        for d in disputes_of(facts, as_of):
            if d.resolved_on in period and d.resolved_by is not None:
                resolved[d.resolved_by] += 1
    kept = {r.group: r for r in promise_kept_rate(book, period, as_of, "collector").rows}
    collected = _collected(book, period, as_of)
    names = sorted({*taken, *agreed, *resolved, *(g for g in kept if g), *collected})
    none = OutcomeRow(group=None, succeeded=0, failed=0, pending=0)
    return tuple(
        CollectorRow(
            collector=name,
            promises_taken=taken[name],
            plans_agreed=agreed[name],
            disputes_resolved=resolved[name],
            promises_kept=kept.get(name, none).succeeded,
            promises_broken=kept.get(name, none).failed,
            collected=tuple(
                Collected(currency=c, amount=a) for c, a in sorted(collected.get(name, {}).items())
            ),
        )
        for name in names
    )
