"""The worklist page and its two charts: overdue money by age, worklist money by level.

The collections API serves the worklist in ranked pages; it has no totals endpoint yet,
so the charts add up the ranked worklist page by page, at most :data:`CHART_LIMIT`
debtors, and say over how many of how many debtors they were drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from services.console.application.ports import ServicesApi

PAGE_SIZE = 25
CHART_PAGE = 500
CHART_LIMIT = 2_000
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–30", 0, 30), ("31–60", 31, 60), ("61–90", 61, 90), ("91–180", 91, 180),
    ("181+", 181, None),
)  # fmt: skip
FILTERS = ("state", "classification", "currency", "min_overdue", "min_days_past_due", "level",
           "segment", "mine")  # fmt: skip


def bucket_of(days: int | None) -> str:
    days = max(days or 0, 0)
    for label, low, high in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[-1][0]


@dataclass
class Totals:
    """Money per currency, per label (age bucket or level), over ``counted`` of ``total``."""

    labels: list[str]
    by_currency: dict[str, list[float]]
    counted: int
    total: int


@dataclass
class Portfolio:
    api: ServicesApi

    async def page(
        self, key: str, filters: dict[str, str], page: int, me: str = ""
    ) -> dict[str, Any]:
        """A worklist page; ``mine`` keeps the debtors with an open task for ``me``."""
        params: dict[str, Any] = {k: v for k, v in filters.items()
                                  if k in FILTERS and k != "mine" and v}  # fmt: skip
        if filters.get("mine") and me:
            params["assignee"] = me
        params |= {"offset": (page - 1) * PAGE_SIZE, "limit": PAGE_SIZE}
        found: dict[str, Any] = await self.api.json(key, "GET", "collections", "/worklist",
                                                    params=params)  # fmt: skip
        return found

    async def totals(self, key: str) -> tuple[Totals, Totals]:
        """(overdue by age of the oldest overdue invoice, overdue by dunning level)."""
        entries: list[dict[str, Any]] = []
        total = 0
        while len(entries) < CHART_LIMIT:
            params = {"offset": len(entries), "limit": CHART_PAGE}
            found = await self.api.json(key, "GET", "collections", "/worklist", params=params)
            entries += found["entries"]
            total = found["total"]
            if not found["entries"] or len(entries) >= total:
                break
        entries = entries[:CHART_LIMIT]
        ages = [label for label, _, _ in AGE_BUCKETS]
        levels = [str(n) for n in sorted({int(e["level"]) for e in entries})]
        by_age = _add_up(entries, ages, lambda e: bucket_of(e["days_past_due"]))
        by_level = _add_up(entries, levels, lambda e: str(e["level"]))
        return (Totals(ages, by_age, len(entries), total),
                Totals(levels, by_level, len(entries), total))  # fmt: skip


def _add_up(
    entries: list[dict[str, Any]], labels: list[str], label_of: Callable[[dict[str, Any]], str]
) -> dict[str, list[float]]:
    sums: dict[str, dict[str, Decimal]] = {}
    for entry in entries:
        money = entry["overdue"]
        per_label = sums.setdefault(money["currency"], {})
        label = label_of(entry)
        per_label[label] = per_label.get(label, Decimal(0)) + Decimal(money["amount"])
    return {currency: [float(per.get(label, 0)) for label in labels]
            for currency, per in sorted(sums.items())}  # fmt: skip
