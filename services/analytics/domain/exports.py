"""Each report as a plain table for CSV and spreadsheet downloads.

A rate is exported with its numerator and denominator beside it; a missing value is the
cell ``None``, written out as "no data". A group nobody is assigned to is "(not known)".
"""

from __future__ import annotations

from collections.abc import Sequence

from services.analytics.domain.aging import BUCKETS, AgingTable
from services.analytics.domain.casework import OutcomeTable
from services.analytics.domain.cei import CeiMonth
from services.analytics.domain.collectors import CollectorRow
from services.analytics.domain.cure import CureTable
from services.analytics.domain.disputes import DisputeReport
from services.analytics.domain.dso import DsoReport
from services.analytics.domain.figures import Ratio
from services.analytics.domain.recovery import RecoveryTable
from services.analytics.domain.tables import Cell, Sheet

NOT_KNOWN = "(not known)"


def _rate(ratio: Ratio) -> tuple[Cell, Cell, Cell]:
    return ratio.numerator, ratio.denominator, ratio.percent


def _group(group: str | None, group_by: str) -> str:
    return "all" if group_by == "total" else group or NOT_KNOWN


def aging_sheet(table: AgingTable) -> Sheet:
    return Sheet(
        name="aging",
        header=(table.group_by, "currency", *BUCKETS, "total", "invoices", "as_of"),
        rows=tuple(
            (
                _group(r.group, table.group_by),
                r.currency,
                *r.amounts,
                r.total,
                r.invoices,
                table.as_of,
            )
            for r in table.rows
        ),
    )


DSO_HEADER = (
    "as_of",
    "currency",
    "receivables",
    "current",
    "period_start",
    "period_end",
    "sales",
    "simple_dso",
    "simple_bpdso",
    "simple_add",
    "count_back_dso",
    "count_back_bpdso",
    "count_back_add",
)


def dso_sheet(reports: Sequence[DsoReport]) -> Sheet:
    rows = tuple(
        (
            r.as_of,
            r.currency,
            r.receivables,
            r.current,
            r.simple.period.start,
            r.simple.period.end,
            r.simple.sales,
            r.simple.dso,
            r.simple.bpdso,
            r.simple.add,
            r.count_back.dso,
            r.count_back.bpdso,
            r.count_back.add,
        )
        for r in reports
    )
    return Sheet(name="dso", header=DSO_HEADER, rows=rows)


CEI_HEADER = (
    "month",
    "currency",
    "opening_ar",
    "credit_sales",
    "closing_total_ar",
    "closing_current_ar",
    "write_offs",
    "collected",
    "collectible",
    "cei_percent",
)


def cei_sheet(months: Sequence[CeiMonth]) -> Sheet:
    rows = tuple(
        (
            m.month.start.strftime("%Y-%m"),
            m.currency,
            m.opening,
            m.sales,
            m.closing_total,
            m.closing_current,
            m.write_offs,
            *_rate(m.index),
        )
        for m in months
    )
    return Sheet(name="cei", header=CEI_HEADER, rows=rows)


def recovery_sheet(table: RecoveryTable) -> Sheet:
    return Sheet(
        name="recovery",
        header=("age_at_handover", "currency", "invoices", "collected", "handed_over", "percent"),
        rows=tuple((r.band, r.currency, r.invoices, *_rate(r.rate)) for r in table.rows),
    )


CURE_COUNTS = ("cured", "counted", "cure_percent", "pending", "nothing_owed")
CURE_MONEY = ("currency", "paid_within", "owed", "paid_percent", "within_days", "as_of")


def cure_sheet(table: CureTable) -> Sheet:
    rows: list[tuple[Cell, ...]] = []
    for r in table.rows:
        counts = (r.key, *_rate(r.rate), r.pending, r.nothing_owed)
        for m in r.money or (None,):
            money = (None, None, None, None) if m is None else (m.currency, *_rate(m.rate))
            rows.append((*counts, *money, table.within_days, table.as_of))
    header = (table.by, *CURE_COUNTS, *CURE_MONEY)
    return Sheet(name=f"cure by {table.by}", header=header, rows=tuple(rows))


OUTCOME_HEADER = ("collector", "succeeded", "decided", "percent", "pending")


def outcome_sheet(name: str, table: OutcomeTable) -> Sheet:
    period = (table.period.start, table.period.end, table.as_of)
    return Sheet(
        name=name,
        header=(*OUTCOME_HEADER, "period_start", "period_end", "as_of"),
        rows=tuple((r.group or "all", *_rate(r.rate), r.pending, *period) for r in table.rows),
    )


DISPUTE_HEADER = (
    "counted_by",
    "disputed",
    "issued",
    "percent",
    "resolved",
    "mean_days_to_resolve",
    "median_days_to_resolve",
    "open",
    "mean_open_age",
)


def dispute_sheet(report: DisputeReport) -> Sheet:
    timing = (report.resolved, report.mean_days_to_resolve, report.median_days_to_resolve)
    tail = (*timing, report.open, report.mean_open_age)
    rows = [("invoices", *_rate(report.rate), *tail)]
    rows += [(a.currency, *_rate(a.rate), *tail) for a in report.amounts]
    return Sheet(name="disputes", header=DISPUTE_HEADER, rows=tuple(rows))


COLLECTOR_HEADER = (
    "collector",
    "promises_taken",
    "plans_agreed",
    "disputes_resolved",
    "promises_kept",
    "promises_decided",
    "kept_percent",
    "currency",
    "collected",
)


def collector_sheet(rows: Sequence[CollectorRow]) -> Sheet:
    out: list[tuple[Cell, ...]] = []
    for r in rows:
        head = (r.collector, r.promises_taken, r.plans_agreed, r.disputes_resolved)
        for c in r.collected or (None,):
            money = (None, None) if c is None else (c.currency, c.amount)
            out.append((*head, *_rate(r.kept_rate), *money))
    return Sheet(name="collectors", header=COLLECTOR_HEADER, rows=tuple(out))
