"""Aging of open receivables as of a past date, and what late, backdated facts do to it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.analytics.domain import BUCKETS, Book, aging, bucket_of
from tests.unit.analytics.given import adjust, assign, bounce, d, issue, move_due, pay

# As of 15 March 2026:
#   I1 CNY 1,000.00 due 31 Jan → 43 days past due → 31–60
#   I2 CNY   500.00 due  3 Mar → 12 days past due → 1–30
#   I3 USD   200.00 due 31 Oct 2025 → 135 days past due → 91–180 (customer C-2)
#   I4 CNY   300.00 due 30 Mar → not due
FACTS = [
    issue("I1", "1000.00", d(2026, 1, 1), d(2026, 1, 31)),
    issue("I2", "500.00", d(2026, 2, 1), d(2026, 3, 3)),
    issue("I3", "200.00", d(2025, 10, 1), d(2025, 10, 31), customer="C-2", currency="USD"),
    issue("I4", "300.00", d(2026, 2, 28), d(2026, 3, 30)),
]
AS_OF = d(2026, 3, 15)
BACKDATED = pay("I1", "400.00", d(2026, 3, 10))


def amounts(book: Book, currency: str = "CNY") -> dict[str, Decimal]:
    row = aging(book, AS_OF).row(None, currency)
    assert row is not None
    return {b: a for b, a in zip(BUCKETS, row.amounts, strict=True) if a}


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(-5, "not_due"), (0, "not_due"), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"),
     (61, "61-90"), (90, "61-90"), (91, "91-180"), (180, "91-180"), (181, "181-365"),
     (365, "181-365"), (366, "over_365")],
)  # fmt: skip
def test_days_past_due_fall_in_the_published_buckets(days: int, bucket: str) -> None:
    assert bucket_of(days) == bucket


def test_an_aging_table_as_of_a_past_date_buckets_each_invoice_per_currency() -> None:
    table = aging(Book.of(FACTS), AS_OF)

    assert amounts(Book.of(FACTS)) == {
        "not_due": Decimal("300.00"),
        "1-30": Decimal("500.00"),
        "31-60": Decimal("1000.00"),
    }
    assert amounts(Book.of(FACTS), "USD") == {"91-180": Decimal("200.00")}
    assert table.totals() == {"CNY": Decimal("1800.00"), "USD": Decimal("200.00")}


def test_a_backdated_payment_corrects_the_past_table_once_it_arrives() -> None:
    book = Book.of(FACTS)
    before = amounts(book)
    book.record(BACKDATED)  # arrives now, value-dated 10 March

    # Before the fact arrived, 15 March showed I1 at 1,000.00; now it shows 1,000 − 400 = 600.00.
    assert before["31-60"] == Decimal("1000.00")
    assert amounts(book)["31-60"] == Decimal("600.00")
    # A table as of 9 March, before its value date, is the same with or without it.
    assert aging(book, d(2026, 3, 9)) == aging(Book.of(FACTS), d(2026, 3, 9))


def test_a_bounced_payment_is_owed_again_from_the_reversal_date() -> None:
    book = Book.of([*FACTS, BACKDATED, bounce(BACKDATED, d(2026, 3, 20))])

    assert amounts(book)["31-60"] == Decimal("600.00")  # 15 March: the payment stood
    later = aging(book, d(2026, 3, 20)).row(None, "CNY")
    assert later is not None and later.amount("31-60") == Decimal("1000.00")  # 48 days past due


def test_credit_notes_cancellations_and_write_offs_reduce_what_is_aged() -> None:
    book = Book.of(
        [
            *FACTS,
            adjust("I1", "100.00", d(2026, 3, 1)),
            adjust("I4", "300.00", d(2026, 3, 1), "cancellation"),
            adjust("I2", "500.00", d(2026, 3, 14), "write_off"),
        ]
    )

    assert amounts(book) == {"31-60": Decimal("900.00")}


def test_a_due_date_change_moves_the_invoice_only_from_its_effective_date() -> None:
    # On 12 March I2 was given until 31 March.
    book = Book.of([*FACTS, move_due("I2", d(2026, 3, 31), d(2026, 3, 12))])

    assert amounts(book)["not_due"] == Decimal("800.00")  # I4 300 + I2 500 as of 15 March
    as_of_10th = aging(book, d(2026, 3, 10)).row(None, "CNY")
    assert as_of_10th is not None and as_of_10th.amount("1-30") == Decimal("500.00")


def test_aging_groups_by_customer_segment_and_collector_as_assigned_then() -> None:
    book = Book.of(
        [
            *FACTS,
            assign("C-1", "segment", "key_account", d(2026, 1, 1)),
            assign("C-1", "collector", "wang", d(2026, 1, 1)),
            assign("C-1", "collector", "li", d(2026, 3, 12)),
        ]
    )

    by_customer = aging(book, AS_OF, "customer")
    assert [(r.group, r.currency, r.total) for r in by_customer.rows] == [
        ("C-1", "CNY", Decimal("1800.00")),
        ("C-2", "USD", Decimal("200.00")),
    ]
    by_segment = aging(book, AS_OF, "segment")
    assert [(r.group, r.currency, r.invoices) for r in by_segment.rows] == [
        (None, "USD", 1),  # C-2's segment is not known
        ("key_account", "CNY", 3),
    ]
    assert [r.group for r in aging(book, AS_OF, "collector").rows] == [None, "li"]
    assert [r.group for r in aging(book, d(2026, 3, 11), "collector").rows] == [None, "wang"]


def test_an_invoice_issued_after_as_of_is_not_aged() -> None:
    table = aging(Book.of([*FACTS, issue("I5", 50, d(2026, 3, 16), d(2026, 4, 15))]), AS_OF)

    assert table.totals()["CNY"] == Decimal("1800.00")
