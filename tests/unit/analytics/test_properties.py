"""Properties over random histories: the sums close, the past is not rewritten by the future,
and the order facts arrive in changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.analytics.domain import (
    SEED_BANDS,
    Book,
    Period,
    aging,
    cei,
    cure_rates,
    dso,
    recovery,
)
from services.analytics.domain.facts import (
    Fact,
    InvoiceAdjusted,
    InvoiceCancelled,
    InvoiceIssued,
    PaymentApplied,
    PaymentReversed,
)
from tests.unit.analytics.strategies import CURRENCIES, days, effective, histories

SETTINGS = settings(max_examples=120, deadline=None)


def paid_by(facts: list[Fact], invoice_id: str, day: dt.date) -> Decimal:
    """Payments on the invoice value-dated by ``day`` and not bounced by then, summed plainly."""
    bounced = {
        f.payment_id
        for f in facts
        if isinstance(f, PaymentReversed) and f.invoice_id == invoice_id and f.effective_on <= day
    }
    return sum(
        (
            f.amount.amount
            for f in facts
            if isinstance(f, PaymentApplied)
            and f.invoice_id == invoice_id
            and f.value_date <= day
            and f.payment_id not in bounced
        ),
        Decimal(0),
    )


def _cancelled_by(facts: list[Fact], invoice_id: str, day: dt.date) -> bool:
    return any(
        isinstance(f, InvoiceCancelled) and f.invoice_id == invoice_id and f.effective_on <= day
        for f in facts
    )


def open_by_hand(facts: list[Fact], day: dt.date) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for invoice in (f for f in facts if isinstance(f, InvoiceIssued) and f.issue_date <= day):
        adjusted = sum(
            (
                f.amount.amount
                for f in facts
                if isinstance(f, InvoiceAdjusted)
                and f.invoice_id == invoice.invoice_id
                and f.effective_on <= day
            ),
            Decimal(0),
        )
        left = invoice.amount.amount - paid_by(facts, invoice.invoice_id, day) - adjusted
        if _cancelled_by(facts, invoice.invoice_id, day):
            left = Decimal(0)  # a cancelled invoice is no debt
        if left > 0:
            currency = invoice.amount.currency
            totals[currency] = totals.get(currency, Decimal(0)) + left
    return totals


@SETTINGS
@given(facts=histories(), as_of=days)
def test_aging_buckets_sum_to_the_open_receivables(facts: list[Fact], as_of: dt.date) -> None:
    book = Book.of(facts)

    for group_by in ("total", "customer", "collector"):
        assert aging(book, as_of, group_by).totals() == open_by_hand(facts, as_of)


def reports(book: Book, as_of: dt.date) -> list[object]:
    month_before = Period.month_of(as_of).previous_month()
    return [
        aging(book, as_of, "customer"),
        aging(book, as_of, "collector"),
        recovery(book, as_of, SEED_BANDS),
        cure_rates(book, "level", 10, as_of),
        cure_rates(book, "hour", 10, as_of),
        *(dso(book, as_of, c) for c in CURRENCIES),
        *(cei(book, c, month_before.start.year, month_before.start.month) for c in CURRENCIES),
    ]


@SETTINGS
@given(facts=histories(), as_of=days)
def test_a_report_as_of_a_date_ignores_facts_effective_after_it(
    facts: list[Fact], as_of: dt.date
) -> None:
    known_then = Book.of(f for f in facts if effective(f) <= as_of)

    assert reports(Book.of(facts), as_of) == reports(known_then, as_of)


@SETTINGS
@given(data=st.data(), facts=histories(), as_of=days)
def test_the_order_facts_arrive_in_and_repeats_change_nothing(
    data: st.DataObject, facts: list[Fact], as_of: dt.date
) -> None:
    shuffled = data.draw(st.permutations(facts))
    repeated = data.draw(st.lists(st.sampled_from(facts), max_size=5))

    assert reports(Book.of([*shuffled, *repeated]), as_of) == reports(Book.of(facts), as_of)


@SETTINGS
@given(facts=histories(), month=st.integers(min_value=0, max_value=13))
def test_cei_counts_as_collected_exactly_the_money_that_came_in_that_month(
    facts: list[Fact], month: int
) -> None:
    period = Period.month(2025 + (9 + month) // 12, (9 + month) % 12 + 1)
    before = period.start - dt.timedelta(days=1)
    book = Book.of(facts)

    for currency in CURRENCIES:
        invoices = [
            f.invoice_id
            for f in facts
            if isinstance(f, InvoiceIssued) and f.amount.currency == currency
        ]
        came_in = sum(
            (paid_by(facts, i, period.end) - paid_by(facts, i, before) for i in invoices),
            Decimal(0),
        )
        assert cei(book, currency, period.start.year, period.start.month).collected == came_in
