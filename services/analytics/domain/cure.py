"""Cure rates: of the dunning touches that found something owed, the share after which the
debtor paid it within N days.

A touch is a dunning step (grouped by level) or a message sent (grouped by template,
template and version, channel, hour or weekday of sending). It is about the invoices it names,
or — naming none — every invoice of the debtor overdue on its day. What it found owed is
their outstanding at the end of that day. The debtor is *cured* when, for every one of those
invoices, payments value-dated in the N days after the touch (day+1 … day+N), with credit notes
and cancellations of those days, cover what was owed; a write-off is not a cure. A touch whose
N days have not all passed by ``as_of`` is *pending* and left out of the rate, as is a touch
that found nothing owed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book
from services.analytics.domain.figures import Ratio
from services.analytics.domain.ledger import CREDITS, ZERO, Position, adjusted_in, paid_in, position

CureDimension = Literal["level", "template", "template_version", "channel", "hour", "weekday"]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Touch:
    customer_id: str
    on: dt.date
    invoice_ids: tuple[str, ...]
    key: str


def touches(book: Book, by: CureDimension) -> list[Touch]:
    if by == "level":
        return [Touch(s.customer_id, s.taken_on, s.invoice_ids, str(s.level)) for s in book.steps]
    out = []
    for m in book.messages:
        key = {
            "template": m.template,
            "template_version": f"{m.template}@{m.template_version}",
            "channel": m.channel,
            "hour": f"{m.sent_at.hour:02d}",
            "weekday": WEEKDAYS[m.sent_at.weekday()],
        }[by]
        out.append(Touch(m.customer_id, m.sent_at.date(), m.invoice_ids, key))
    return out


class CureMoney(BaseModel):
    """Per currency: owed at the touches counted, and paid of it within the window."""

    model_config = ConfigDict(frozen=True)

    currency: str
    owed: Decimal
    paid: Decimal

    @property
    def rate(self) -> Ratio:
        return Ratio.of(self.paid, self.owed)


class CureRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    counted: int
    cured: int
    pending: int
    nothing_owed: int
    money: tuple[CureMoney, ...]

    @property
    def rate(self) -> Ratio:
        """cured / counted; "no data" when no touch could be counted."""
        return Ratio.of(self.cured, self.counted)


class CureTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    by: CureDimension
    within_days: int
    as_of: dt.date
    rows: tuple[CureRow, ...]

    def row(self, key: str) -> CureRow | None:
        return next((r for r in self.rows if r.key == key), None)


def found_owed(book: Book, touch: Touch) -> list[Position]:
    if touch.invoice_ids:
        scope = [book.invoices[i] for i in touch.invoice_ids if i in book.invoices]
    else:
        scope = book.invoices_of(touch.customer_id)
    found = [p for p in (position(f, touch.on) for f in scope) if p is not None]
    if touch.invoice_ids:
        return [p for p in found if p.is_open]
    return [p for p in found if p.is_overdue]


@dataclass
class _Tally:
    counted: int = 0
    cured: int = 0
    pending: int = 0
    nothing_owed: int = 0
    money: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)


def _count(book: Book, touch: Touch, days: int, tally: _Tally) -> None:
    owed = found_owed(book, touch)
    if not owed:
        tally.nothing_owed += 1
        return
    end = touch.on + dt.timedelta(days=days)
    cured = True
    for p in owed:
        facts = book.invoices[p.invoice.invoice_id]
        paid = paid_in(facts, touch.on, end)
        settled = paid + adjusted_in(facts, CREDITS, touch.on, end)
        cured = cured and settled >= p.outstanding
        was_owed, was_paid = tally.money.get(p.currency, (ZERO, ZERO))
        tally.money[p.currency] = (was_owed + p.outstanding, was_paid + min(paid, p.outstanding))
    tally.counted += 1
    tally.cured += int(cured)


def cure_rates(book: Book, by: CureDimension, within_days: int, as_of: dt.date) -> CureTable:
    tallies: dict[str, _Tally] = {}
    for touch in touches(book, by):
        if touch.on > as_of:
            continue
        tally = tallies.setdefault(touch.key, _Tally())
        if touch.on + dt.timedelta(days=within_days) > as_of:
            tally.pending += 1
        else:
            _count(book, touch, within_days, tally)
    rows = tuple(_row(key, tallies[key]) for key in sorted(tallies, key=_order(by)))
    return CureTable(by=by, within_days=within_days, as_of=as_of, rows=rows)


def _row(key: str, t: _Tally) -> CureRow:
    money = tuple(
        CureMoney(currency=c, owed=owed, paid=paid) for c, (owed, paid) in sorted(t.money.items())
    )
    return CureRow(
        key=key,
        counted=t.counted,
        cured=t.cured,
        pending=t.pending,
        nothing_owed=t.nothing_owed,
        money=money,
    )


def _order(by: CureDimension) -> Callable[[str], tuple[int, str]]:
    if by == "level":
        return lambda key: (int(key), "")
    if by == "weekday":
        return lambda key: (WEEKDAYS.index(key), "")
    return lambda key: (0, key)
