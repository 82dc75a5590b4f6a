"""Recovery rate by age at handover: of the amount overdue when a file went to an agency or
to legal, the share collected since, grouped by how many days past due it was then.

An invoice counts once, at its first handover (agency then legal is one recovery). Only
payments count as collected — not credit notes, cancellations or write-offs — and they are
capped at the amount handed over. The measure is censored at ``as_of``: a recent handover
has had less time to recover, so compare cohorts of like age.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.aging import BUCKETS
from services.analytics.domain.book import Book
from services.analytics.domain.facts import HandedOver
from services.analytics.domain.figures import Ratio
from services.analytics.domain.ledger import ZERO, paid_in, position


class Band(BaseModel):
    """Days past due from ``low`` to ``high`` (None: no upper end), both included."""

    model_config = ConfigDict(frozen=True)

    name: str
    low: int
    high: int | None

    def holds(self, days_past_due: int) -> bool:
        return self.low <= days_past_due and (self.high is None or days_past_due <= self.high)


# The seeds compare recovery at "within a year", "over one year", "over two years".
SEED_BANDS = (
    Band(name="up_to_1_year", low=1, high=365),
    Band(name="over_1_year", low=366, high=730),
    Band(name="over_2_years", low=731, high=None),
)
AGING_BANDS = tuple(
    Band(name=name, low=low, high=high)
    for name, (low, high) in zip(
        BUCKETS[1:],
        ((1, 30), (31, 60), (61, 90), (91, 180), (181, 365), (366, None)),
        strict=True,
    )
)


class RecoveryRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    band: str
    currency: str
    invoices: int
    handed_over: Decimal
    collected: Decimal

    @property
    def rate(self) -> Ratio:
        return Ratio.of(self.collected, self.handed_over)


class RecoveryTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: dt.date
    rows: tuple[RecoveryRow, ...]

    def row(self, band: str, currency: str) -> RecoveryRow | None:
        return next((r for r in self.rows if r.band == band and r.currency == currency), None)


def _scope(book: Book, handover: HandedOver) -> list[str]:
    if handover.invoice_ids:
        return list(handover.invoice_ids)
    return [f.invoice_id for f in book.invoices_of(handover.customer_id)]


def first_handovers(book: Book, as_of: dt.date) -> dict[str, dt.date]:
    """Invoice id → date of the first handover that took it (by then overdue), up to as_of."""
    first: dict[str, dt.date] = {}
    for handover in sorted(book.handovers, key=lambda h: (h.on, h.fact_id)):
        if handover.on > as_of:
            break
        for invoice_id in _scope(book, handover):
            facts = book.invoices.get(invoice_id)
            at = None if facts is None else position(facts, handover.on)
            if at is not None and at.is_overdue and invoice_id not in first:
                first[invoice_id] = handover.on
    return first


def recovery(book: Book, as_of: dt.date, bands: tuple[Band, ...] = SEED_BANDS) -> RecoveryTable:
    """One row per band and currency (a band nobody was handed over in has "no data")."""
    sums: dict[tuple[str, str], tuple[int, Decimal, Decimal]] = {}
    for invoice_id, on in first_handovers(book, as_of).items():
        facts = book.invoices[invoice_id]
        at = position(facts, on)
        assert at is not None
        band = next((b for b in bands if b.holds(at.days_past_due)), None)
        if band is None:
            continue
        collected = min(paid_in(facts, on, as_of), at.outstanding)
        count, owed, got = sums.get((band.name, at.currency), (0, ZERO, ZERO))
        sums[(band.name, at.currency)] = (count + 1, owed + at.outstanding, got + collected)
    currencies = sorted({currency for _, currency in sums})
    rows = tuple(
        _row(band.name, currency, sums.get((band.name, currency), (0, ZERO, ZERO)))
        for currency in currencies
        for band in bands
    )
    return RecoveryTable(as_of=as_of, rows=rows)


def _row(band: str, currency: str, sums: tuple[int, Decimal, Decimal]) -> RecoveryRow:
    count, owed, got = sums
    return RecoveryRow(
        band=band, currency=currency, invoices=count, handed_over=owed, collected=got
    )
