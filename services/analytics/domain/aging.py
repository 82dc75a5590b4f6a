"""Aging of open receivables as of a date, by days past due, per currency and group."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book
from services.analytics.domain.ledger import ZERO, Position, open_positions

Bucket = Literal["not_due", "1-30", "31-60", "61-90", "91-180", "181-365", "over_365"]
BUCKETS: tuple[Bucket, ...] = (
    "not_due",
    "1-30",
    "31-60",
    "61-90",
    "91-180",
    "181-365",
    "over_365",
)
_UPPER: tuple[tuple[int, Bucket], ...] = (
    (0, "not_due"),
    (30, "1-30"),
    (60, "31-60"),
    (90, "61-90"),
    (180, "91-180"),
    (365, "181-365"),
)
GroupBy = Literal["total", "customer", "segment", "collector"]


def bucket_of(days_past_due: int) -> Bucket:
    """Days past due → bucket; zero or less (due today or later) is not due."""
    for upper, bucket in _UPPER:
        if days_past_due <= upper:
            return bucket
    return "over_365"


class AgingRow(BaseModel):
    """One group's open receivables in one currency; ``group`` None is "not known"."""

    model_config = ConfigDict(frozen=True)

    group: str | None
    currency: str
    amounts: tuple[Decimal, ...]  # in BUCKETS order
    invoices: int

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    def amount(self, bucket: Bucket) -> Decimal:
        return self.amounts[BUCKETS.index(bucket)]


class AgingTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: dt.date
    group_by: GroupBy
    rows: tuple[AgingRow, ...]

    def row(self, group: str | None, currency: str) -> AgingRow | None:
        return next((r for r in self.rows if r.group == group and r.currency == currency), None)

    def totals(self) -> dict[str, Decimal]:
        """Open receivables per currency: the sum of every row's buckets."""
        out: dict[str, Decimal] = {}
        for row in self.rows:
            out[row.currency] = out.get(row.currency, ZERO) + row.total
        return out


def _group(book: Book, position: Position, group_by: GroupBy) -> str | None:
    customer = position.invoice.customer_id
    match group_by:
        case "total":
            return None
        case "customer":
            return customer
        case "segment" | "collector":
            return book.assignment(customer, group_by, position.as_of)


def aging(book: Book, as_of: dt.date, group_by: GroupBy = "total") -> AgingTable:
    """Every invoice open as of ``as_of`` (by the facts effective by then), bucketed by its
    days past due on that date, summed per (group, currency)."""
    sums: dict[tuple[str | None, str], list[Decimal]] = {}
    counts: dict[tuple[str | None, str], int] = {}
    for position in open_positions(book, as_of):
        key = (_group(book, position, group_by), position.currency)
        amounts = sums.setdefault(key, [ZERO] * len(BUCKETS))
        amounts[BUCKETS.index(bucket_of(position.days_past_due))] += position.outstanding
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(sums, key=lambda k: ("" if k[0] is None else k[0], k[1]))
    rows = tuple(
        AgingRow(group=g, currency=c, amounts=tuple(sums[(g, c)]), invoices=counts[(g, c)])
        for g, c in ordered
    )
    return AgingTable(as_of=as_of, group_by=group_by, rows=rows)
