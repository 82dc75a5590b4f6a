"""The reports the API serves, each as its model and its tables (for CSV / Excel / JSON).

Every report reads the projection's book as of a date (default: today on the service's
clock, in the business time zone) and names the filters it applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from services.analytics.application.prediction import Fit, Prediction, predict, prediction_sheet
from services.analytics.application.projection import Projection
from services.analytics.domain import exports
from services.analytics.domain.aging import BUCKETS, AgingTable, GroupBy, aging
from services.analytics.domain.casework import plan_completion_rate, promise_kept_rate
from services.analytics.domain.cei import cei
from services.analytics.domain.collectors import collector_activity
from services.analytics.domain.cure import CureDimension, cure_rates
from services.analytics.domain.disputes import disputes
from services.analytics.domain.dso import dso
from services.analytics.domain.figures import Period
from services.analytics.domain.ledger import receivables
from services.analytics.domain.recovery import AGING_BANDS, SEED_BANDS, recovery
from services.analytics.domain.tables import Sheet

Bands = Literal["seed", "aging"]
CaseGroup = Literal["total", "collector"]


@dataclass(frozen=True)
class Report:
    """One answer: the report's model (for JSON) and its tables (for every format)."""

    name: str
    model: BaseModel | list[BaseModel]
    sheets: tuple[Sheet, ...]


@dataclass
class Reports:
    projection: Projection
    fit: Fit
    _predicted: tuple[tuple[dt.date, int, int], Prediction] | None = None

    def aging(
        self, as_of: dt.date, group_by: GroupBy, currency: str | None, group: str | None
    ) -> Report:
        table = aging(self.projection.ready_book(), as_of, group_by)
        rows = tuple(
            r for r in table.rows if _keeps(r.currency, currency) and _keeps(r.group, group)
        )
        table = AgingTable(as_of=table.as_of, group_by=table.group_by, rows=rows)
        return Report("aging", table, (exports.aging_sheet(table),))

    def currencies(self, as_of: dt.date) -> list[str]:
        return sorted(receivables(self.projection.ready_book(), as_of))

    def dso(self, as_of: dt.date, currency: str | None, simple_months: int) -> Report:
        book = self.projection.ready_book()
        chosen = [currency] if currency else self.currencies(as_of)
        found = [dso(book, as_of, c, simple_months=simple_months) for c in chosen]
        return Report("dso", list[BaseModel](found), (exports.dso_sheet(found),))

    def cei(self, currency: str, start: dt.date, end: dt.date) -> Report:
        book = self.projection.ready_book()
        months = [cei(book, currency, y, m) for y, m in _months(start, end)]
        return Report("cei", list[BaseModel](months), (exports.cei_sheet(months),))

    def cure_rates(self, by: CureDimension, within_days: int, as_of: dt.date) -> Report:
        table = cure_rates(self.projection.ready_book(), by, within_days, as_of)
        return Report("cure-rates", table, (exports.cure_sheet(table),))

    def recovery(self, as_of: dt.date, bands: Bands) -> Report:
        chosen = SEED_BANDS if bands == "seed" else AGING_BANDS
        table = recovery(self.projection.ready_book(), as_of, chosen)
        return Report("recovery", table, (exports.recovery_sheet(table),))

    def promises(self, period: Period, as_of: dt.date, group_by: CaseGroup) -> Report:
        table = promise_kept_rate(self.projection.ready_book(), period, as_of, group_by)
        return Report("promises", table, (exports.outcome_sheet("promises", table),))

    def plans(self, period: Period, as_of: dt.date, group_by: CaseGroup) -> Report:
        table = plan_completion_rate(self.projection.ready_book(), period, as_of, group_by)
        return Report("plans", table, (exports.outcome_sheet("plans", table),))

    def disputes(self, period: Period, as_of: dt.date) -> Report:
        report = disputes(self.projection.ready_book(), period, as_of)
        return Report("disputes", report, (exports.dispute_sheet(report),))

    def collectors(self, period: Period, as_of: dt.date) -> Report:
        rows = collector_activity(self.projection.ready_book(), period, as_of)
        return Report("collectors", list[BaseModel](rows), (exports.collector_sheet(rows),))

    def recovery_prediction(self, as_of: dt.date) -> Report:
        found = self.prediction(as_of)
        return Report("recovery-prediction", found, (prediction_sheet(found),))

    def prediction(self, as_of: dt.date) -> Prediction:
        """The recovery prediction as of a date; fitted once per state of the book (the last
        answer is kept until a fact arrives or another date is asked)."""
        book = self.projection.ready_book()
        key = (as_of, id(book), book.size)
        if self._predicted is None or self._predicted[0] != key:
            self._predicted = (key, predict(book, as_of, self.fit))
        return self._predicted[1]

    def overdue_by_bucket(self, as_of: dt.date) -> dict[tuple[str, str], Decimal]:
        """(currency, bucket) → open amount, for the business gauges."""
        table = aging(self.projection.ready_book(), as_of)
        return {(r.currency, b): r.amounts[i] for r in table.rows for i, b in enumerate(BUCKETS)}


def _keeps(value: str | None, wanted: str | None) -> bool:
    return wanted is None or value == wanted


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
