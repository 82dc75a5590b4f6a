"""How promises, payment plans and disputes turn out.

- Promise kept rate: promises *due* in the period, kept / (kept + broken) by ``as_of``; a
  promise with no outcome yet is pending and outside the rate.
- Plan completion rate: plans *agreed* in the period (plans run for months, so they are
  followed as a cohort), completed / (completed + broken) by ``as_of``.
Both can be grouped by the collector who took them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book
from services.analytics.domain.figures import Period, Ratio

GroupBy = Literal["total", "collector"]


class _Outcome(Protocol):
    @property
    def fact_id(self) -> str: ...
    @property
    def on(self) -> dt.date: ...
    @property
    def outcome(self) -> str: ...


def outcome_by(outcomes: Sequence[_Outcome], as_of: dt.date) -> str | None:
    """The first outcome effective by ``as_of`` (on one date, the smaller fact id)."""
    known = [o for o in outcomes if o.on <= as_of]
    return min(known, key=lambda o: (o.on, o.fact_id)).outcome if known else None


class OutcomeRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    group: str | None
    succeeded: int
    failed: int
    pending: int

    @property
    def rate(self) -> Ratio:
        return Ratio.of(self.succeeded, self.succeeded + self.failed)


class OutcomeTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    period: Period
    as_of: dt.date
    rows: tuple[OutcomeRow, ...]

    def row(self, group: str | None) -> OutcomeRow | None:
        return next((r for r in self.rows if r.group == group), None)


def _table(
    period: Period, as_of: dt.date, cases: Iterable[tuple[str | None, str | None]], success: str
) -> OutcomeTable:
    counts: dict[str | None, list[int]] = {}
    for group, outcome in cases:
        tally = counts.setdefault(group, [0, 0, 0])
        tally[0 if outcome == success else 2 if outcome is None else 1] += 1
    rows = tuple(
        OutcomeRow(group=g, succeeded=c[0], failed=c[1], pending=c[2])
        for g, c in sorted(counts.items(), key=lambda i: i[0] or "")
    )
    return OutcomeTable(period=period, as_of=as_of, rows=rows)


def _rate(
    period: Period,
    as_of: dt.date,
    cases: Iterable[tuple[str, Sequence[_Outcome]]],
    group_by: GroupBy,
    success: str,
) -> OutcomeTable:
    """``cases``: who took each case, and the outcomes known for it."""
    decided = (
        (taken_by if group_by == "collector" else None, outcome_by(outcomes, as_of))
        for taken_by, outcomes in cases
    )
    return _table(period, as_of, decided, success)


def promise_kept_rate(
    book: Book, period: Period, as_of: dt.date, group_by: GroupBy = "total"
) -> OutcomeTable:
    due = (
        (p.taken_by, book.promise_outcomes.get(p.promise_id, []))
        for p in book.promises.values()
        if p.due_on in period and p.made_on <= as_of
    )
    return _rate(period, as_of, due, group_by, "kept")


def plan_completion_rate(
    book: Book, period: Period, as_of: dt.date, group_by: GroupBy = "total"
) -> OutcomeTable:
    agreed = (
        (p.taken_by, book.plan_outcomes.get(p.plan_id, []))
        for p in book.plans.values()
        if p.agreed_on in period and p.agreed_on <= as_of
    )
    return _rate(period, as_of, agreed, group_by, "completed")
