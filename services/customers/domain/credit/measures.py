"""What a scorecard's factors measure, taken from the credit file on one day.

Every measure says how many observations it rests on and, when it is unknown, why —
so "no rating yet" can name what is missing. The look-back window ends on ``as_of``.

- ``average_days_late``: mean days late of the invoices paid in the window, counting the
  invoices still open past their due date with their days late so far (disputed items
  set aside); one observation per invoice.
- ``promises_broken_percent``: broken promises among those decided in the window.
- ``overdue_percent``: of what is open today (disputed items set aside), the share past
  its due date — in the worst currency, so no exchange rate enters a rating.
- ``years_of_relationship`` / ``years_in_business``: whole years since the first trade /
  since the company was founded (survey).
- ``current_ratio``: current assets / current liabilities of the latest financial period
  reported no longer ago than the scorecard allows.
- ``supply_halts`` / ``disputes_upheld``: halts, and disputes the customer lost, in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.facts import OpenItem
from services.customers.domain.credit.integrity import IntegrityRecord
from services.customers.domain.credit.scorecard import FactorName, Scorecard
from services.customers.domain.credit.survey import BusinessSurvey, Financials, Founded

HUNDRED = Decimal(100)


class Measure(Frozen):
    """A measured value (None when unknown), its observations, and what it rests on."""

    value: Decimal | None
    observations: int
    basis: str


class CreditInputs(Frozen):
    """Everything a scorecard rates, for one customer on one day."""

    as_of: dt.date
    measures: dict[FactorName, Measure]


def whole_years(start: dt.date, end: dt.date) -> int:
    before_anniversary = (end.month, end.day) < (start.month, start.day)
    return max(0, end.year - start.year - before_anniversary)


class RatingBasis(Frozen):
    """What a customer is rated on: its integrity record, open items, survey, first trade."""

    record: IntegrityRecord
    open_items: tuple[OpenItem, ...] = ()
    survey: BusinessSurvey = BusinessSurvey()
    relationship_since: dt.date | None = None


def measure(scorecard: Scorecard, as_of: dt.date, basis: RatingBasis) -> CreditInputs:
    """The inputs ``scorecard`` needs, measured on ``as_of`` (facts dated later are ignored)."""
    start = as_of - dt.timedelta(days=scorecard.window_days)
    record, survey = basis.record, basis.survey
    window = record.summary(start, as_of)
    undisputed = [item for item in basis.open_items if not item.disputed]
    measures: dict[FactorName, Measure] = {
        "average_days_late": _days_late(record, start, as_of, undisputed),
        "promises_broken_percent": _share(
            window.promises_broken, window.promises_kept + window.promises_broken, "promises"
        ),
        "overdue_percent": _overdue(undisputed, as_of),
        "years_of_relationship": _years(basis.relationship_since, as_of, "first trade"),
        "years_in_business": _founded(survey, as_of),
        "current_ratio": _current_ratio(survey, as_of, scorecard.financials_max_age_days),
        "supply_halts": Measure(value=Decimal(window.supply_halts), observations=1, basis="halts"),
        "disputes_upheld": Measure(
            value=Decimal(window.disputes_upheld), observations=1, basis="disputes lost"
        ),
    }
    return CreditInputs(as_of=as_of, measures=measures)


def _days_late(
    record: IntegrityRecord, start: dt.date, end: dt.date, open_items: Sequence[OpenItem]
) -> Measure:
    paid = [ln.days_late or 0 for ln in record.between(start, end) if ln.days_late is not None]
    still_open = [item.days_past_due(end) for item in open_items if item.due_date < end]
    days = paid + still_open
    if not days:
        return Measure(value=None, observations=0, basis="no invoice paid or overdue")
    basis = f"{len(paid)} invoices paid, {len(still_open)} open past due"
    return Measure(value=Decimal(sum(days)) / len(days), observations=len(days), basis=basis)


def _share(part: int, whole: int, what: str) -> Measure:
    if whole == 0:
        return Measure(value=None, observations=0, basis=f"no {what}")
    return Measure(value=HUNDRED * part / whole, observations=whole, basis=f"{part} of {whole}")


def _overdue(open_items: Sequence[OpenItem], on: dt.date) -> Measure:
    shares: list[tuple[Decimal, str]] = []
    for currency in sorted({item.outstanding.currency for item in open_items}):
        items = [item for item in open_items if item.outstanding.currency == currency]
        total = sum(item.outstanding.amount for item in items)
        late = sum(item.outstanding.amount for item in items if item.due_date < on)
        shares.append((HUNDRED * late / total, f"{late} of {total} {currency} past due"))
    value, basis = max(shares, key=lambda share: share[0], default=(Decimal(0), "nothing open"))
    return Measure(value=value, observations=1, basis=basis)


def _years(since: dt.date | None, on: dt.date, what: str) -> Measure:
    if since is None or since > on:
        return Measure(value=None, observations=0, basis=f"date of {what} unknown")
    return Measure(value=Decimal(whole_years(since, on)), observations=1, basis=f"since {since}")


def _founded(survey: BusinessSurvey, on: dt.date) -> Measure:
    entry = survey.current("founded", on)
    finding = entry.finding if entry else None
    since = finding.established_on if isinstance(finding, Founded) else None
    return _years(since, on, "founding")


def _current_ratio(survey: BusinessSurvey, on: dt.date, max_age_days: int) -> Measure:
    entry = survey.current("financials", on)
    figures = entry.finding if entry else None
    if not isinstance(figures, Financials) or (on - figures.period_end).days > max_age_days:
        return Measure(value=None, observations=0, basis="no recent financial figures")
    ratio = figures.current_ratio
    if ratio is None:
        return Measure(value=None, observations=0, basis="no current liabilities reported")
    return Measure(value=ratio, observations=1, basis=f"period ending {figures.period_end}")
