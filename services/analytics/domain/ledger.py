"""One invoice as of a date: what is owed, when it is due, what came in within a window.

Every figure is read from effective dates only: payments by value date (and undone from a
reversal's effective date), adjustments and due-date changes by their effective date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal

from services.analytics.domain.book import Book, InvoiceFacts
from services.analytics.domain.facts import AdjustmentReason, InvoiceAdjusted
from services.analytics.domain.records import Issue, Payment
from shared.contracts.money import Money

CREDITS: tuple[AdjustmentReason, ...] = ("credit_note", "cancellation")
WRITE_OFFS: tuple[AdjustmentReason, ...] = ("write_off",)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Position:
    """An issued invoice as of ``as_of``: days past due is negative or zero while not due."""

    invoice: Issue
    as_of: dt.date
    due_date: dt.date
    outstanding: Decimal

    @property
    def currency(self) -> str:
        return self.invoice.amount.currency

    @property
    def days_past_due(self) -> int:
        return (self.as_of - self.due_date).days

    @property
    def is_open(self) -> bool:
        return self.outstanding > 0

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_past_due > 0


def due_date(facts: InvoiceFacts, as_of: dt.date) -> dt.date:
    assert facts.issued is not None
    changes = [c for c in facts.due_changes if c.effective_on <= as_of]
    if not changes:
        return facts.issued.due_date
    return max(changes, key=lambda c: (c.effective_on, c.fact_id)).due_date


def _reversed(facts: InvoiceFacts, payment: Payment, as_of: dt.date) -> bool:
    return any(
        r.payment_id == payment.payment_id and r.effective_on <= as_of for r in facts.reversals
    )


def payments_in(facts: InvoiceFacts, after: dt.date | None, until: dt.date) -> list[Payment]:
    """Payments value-dated in (``after``, ``until``] that still stand on ``until``."""
    return [
        p
        for p in facts.payments
        if (after is None or p.value_date > after)
        and p.value_date <= until
        and not _reversed(facts, p, until)
    ]


def paid_in(facts: InvoiceFacts, after: dt.date | None, until: dt.date) -> Decimal:
    return sum((p.amount.amount for p in payments_in(facts, after, until)), ZERO)


def adjustments(facts: InvoiceFacts) -> tuple[InvoiceAdjusted, ...]:
    """Credit notes, write-offs and — when the invoice was cancelled — the cancellation, as
    the adjustment of what was left on it at the end of its effective day (the earliest
    cancellation counts; nothing left: no adjustment)."""
    issued = facts.issued
    if not facts.cancellations or issued is None:
        return facts.adjustments
    cancelled = min(facts.cancellations, key=lambda c: (c.effective_on, c.fact_id))
    day = cancelled.effective_on
    earlier = sum((a.amount.amount for a in facts.adjustments if a.effective_on <= day), ZERO)
    left = issued.amount.amount - paid_in(facts, None, day) - earlier
    if left <= 0:
        return facts.adjustments
    taken = InvoiceAdjusted.model_construct(
        fact_id=cancelled.fact_id,
        kind="invoice_adjusted",
        invoice_id=cancelled.invoice_id,
        reason="cancellation",
        amount=Money.model_construct(amount=left, currency=issued.amount.currency),
        effective_on=day,
    )
    return (*facts.adjustments, taken)


def adjusted_in(
    facts: InvoiceFacts,
    reasons: Collection[AdjustmentReason],
    after: dt.date | None,
    until: dt.date,
) -> Decimal:
    """Adjustments of the given reasons effective in (``after``, ``until``]."""
    return sum(
        (
            a.amount.amount
            for a in adjustments(facts)
            if a.reason in reasons
            and (after is None or a.effective_on > after)
            and a.effective_on <= until
        ),
        ZERO,
    )


def position(facts: InvoiceFacts, as_of: dt.date) -> Position | None:
    """The invoice as of a date; None if it was not issued by then (or its issue is unknown)."""
    issued = facts.issued
    if issued is None or issued.issue_date > as_of:
        return None
    reductions = paid_in(facts, None, as_of) + sum(
        (a.amount.amount for a in adjustments(facts) if a.effective_on <= as_of), ZERO
    )
    return Position(issued, as_of, due_date(facts, as_of), issued.amount.amount - reductions)


def open_positions(book: Book, as_of: dt.date) -> Iterator[Position]:
    """Every invoice with something left to pay as of a date.

    The ledger never lets an item go below zero (issue 10); should facts ever say otherwise,
    the negative position is not aged as a receivable.
    """
    for facts in book.issued():
        found = position(facts, as_of)
        if found is not None and found.is_open:
            yield found


@dataclass(frozen=True)
class Receivables:
    """Open receivables of one currency as of a date: all, and the part not yet due."""

    total: Decimal = ZERO
    current: Decimal = ZERO

    @property
    def past_due(self) -> Decimal:
        return self.total - self.current


def receivables(book: Book, as_of: dt.date) -> dict[str, Receivables]:
    """Open receivables per currency as of a date (no currency is converted into another)."""
    totals: dict[str, Receivables] = {}
    for p in open_positions(book, as_of):
        was = totals.get(p.currency, Receivables())
        current = p.outstanding if p.days_past_due <= 0 else ZERO
        totals[p.currency] = Receivables(was.total + p.outstanding, was.current + current)
    return totals


def net_sales(book: Book, currency: str, start: dt.date, end: dt.date) -> Decimal:
    """Credit sales of [start, end]: receivables issued in it (invoices, debit notes, charges),
    less credit notes and cancellations effective in it. Write-offs are not sales corrections."""
    day_before = start - dt.timedelta(days=1)
    total = ZERO
    for facts in book.issued():
        issued = facts.issued
        assert issued is not None
        if issued.amount.currency != currency:
            continue
        if start <= issued.issue_date <= end:
            total += issued.amount.amount
        total -= adjusted_in(facts, CREDITS, day_before, end)
    return total


def written_off(book: Book, currency: str, start: dt.date, end: dt.date) -> Decimal:
    day_before = start - dt.timedelta(days=1)
    return sum(
        (
            adjusted_in(f, WRITE_OFFS, day_before, end)
            for f in book.issued()
            if f.issued is not None and f.issued.amount.currency == currency
        ),
        ZERO,
    )
