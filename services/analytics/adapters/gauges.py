"""Business gauges on ``/metrics``: open receivables by aging bucket, and DSO, per currency.

Refreshed by a background task, never computed inside a scrape (an aging over a large book
takes longer than a scrape may): within about ``SOON_S`` of a change to the book (a fold,
the load, a rebuild), but not before ten times as long as the last refresh took (on a large
book kept busy by folds, refreshes for changes take at most a tenth of the time), and every
``REFRESH_S`` seconds without a change, as "today" moves on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable

import structlog
from prometheus_client import Gauge

from services.analytics.application.projection import NotLoaded
from services.analytics.application.reports import Reports
from services.analytics.domain.dso import dso

REFRESH_S = 30.0
SOON_S = 1.0
log = structlog.get_logger("analytics")

OVERDUE = Gauge(
    "huikuan_receivables_open_amount",
    "Open receivables by aging bucket (days past due) and currency, as of today",
    ["currency", "bucket"],
)
DSO = Gauge(
    "huikuan_dso_days",
    "Days sales outstanding as of today by method (count_back, simple) and measure (dso, bpdso)",
    ["currency", "method", "measure"],
)


def refresh(reports: Reports, as_of: dt.date) -> None:
    amounts = reports.overdue_by_bucket(as_of)
    OVERDUE.clear()
    for (currency, bucket), amount in amounts.items():
        OVERDUE.labels(currency, bucket).set(float(amount))
    DSO.clear()
    book = reports.projection.ready_book()
    for currency in reports.currencies(as_of):
        report = dso(book, as_of, currency)
        figures = {
            ("count_back", "dso"): report.count_back.dso,
            ("count_back", "bpdso"): report.count_back.bpdso,
            ("simple", "dso"): report.simple.dso,
            ("simple", "bpdso"): report.simple.bpdso,
        }
        for (method, measure), value in figures.items():
            if value is not None:
                DSO.labels(currency, method, measure).set(float(value))


async def refresh_forever(reports: Reports, today: Callable[[], Awaitable[dt.date]]) -> None:
    while True:
        seen = reports.projection.changes  # before: a change during the refresh is seen next
        started = time.monotonic()
        try:
            refresh(reports, await today())
        except NotLoaded:
            pass
        except Exception:  # a gauge must never stop the service; the log says why
            log.exception("analytics_gauges_failed")
        # On a large book kept busy by folds, refreshes for changes take at most a tenth of
        # the time.
        await _until_changed(reports, seen, soonest=10 * (time.monotonic() - started))


async def _until_changed(reports: Reports, seen: int, soonest: float) -> None:
    """Back after ``REFRESH_S``, or once the book changed after ``seen``: checked every
    ``SOON_S``, not before ``soonest`` seconds."""
    waited = 0.0
    while waited < REFRESH_S:
        await asyncio.sleep(SOON_S)
        waited += SOON_S
        if waited >= soonest and reports.projection.changes != seen:
            return
