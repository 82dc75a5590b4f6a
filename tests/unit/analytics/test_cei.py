"""The collection effectiveness index of a month — worked by hand below."""

from __future__ import annotations

from decimal import Decimal

from services.analytics.domain import Book, cei
from tests.unit.analytics.given import adjust, d, issue, pay

# March 2026, CNY.
#   Opening AR (end of 28 Feb): A 50,000 (due 14 Feb) + B 30,000 (due 12 Mar) = 80,000
#   Credit sales in March: C 40,000 + D 20,000 − credit note on D 5,000 = 55,000
#   Collected in March: A 50,000 (10 Mar) + B 10,000 (20 Mar) = 60,000
#   Closing total AR (31 Mar): B 20,000 + C 40,000 + D 15,000 = 75,000
#   Closing current AR (not yet due 31 Mar): C (due 4 Apr) 40,000 + D (due 19 Apr) 15,000 = 55,000
MARCH = [
    issue("A", 50000, d(2026, 1, 15), d(2026, 2, 14)),
    issue("B", 30000, d(2026, 2, 10), d(2026, 3, 12)),
    issue("C", 40000, d(2026, 3, 5), d(2026, 4, 4)),
    issue("D", 20000, d(2026, 3, 20), d(2026, 4, 19)),
    adjust("D", 5000, d(2026, 3, 25)),
    pay("A", 50000, d(2026, 3, 10)),
    pay("B", 10000, d(2026, 3, 20)),
]


def test_cei_of_a_month_is_collected_over_collectible() -> None:
    month = cei(Book.of(MARCH), "CNY", 2026, 3)

    assert (month.opening, month.sales) == (Decimal(80000), Decimal(55000))
    assert (month.closing_total, month.closing_current) == (Decimal(75000), Decimal(55000))
    # (80,000 + 55,000 − 75,000) / (80,000 + 55,000 − 55,000) × 100 = 60,000 / 80,000 = 75.00 %
    assert (month.index.numerator, month.index.denominator) == (Decimal(60000), Decimal(80000))
    assert month.index.percent == Decimal("75.00")


def test_a_write_off_is_not_counted_as_collected() -> None:
    # Writing off 5,000 of B on 28 March: closing total AR 70,000.
    # The standard formula would say (135,000 − 70,000) / 80,000 = 81.25 %, as if collected;
    # ours takes the write-off out of the numerator: (135,000 − 70,000 − 5,000) / 80,000 = 75.00 %
    month = cei(Book.of([*MARCH, adjust("B", 5000, d(2026, 3, 28), "write_off")]), "CNY", 2026, 3)

    assert month.closing_total == Decimal(70000)
    assert month.write_offs == Decimal(5000)
    assert month.index.percent == Decimal("75.00")


def test_a_month_with_nothing_collectible_has_no_cei() -> None:
    month = cei(Book.of(MARCH), "USD", 2026, 3)

    assert month.index.denominator == 0
    assert month.index.percent is None


def test_cei_is_zero_when_nothing_due_came_in_and_one_hundred_when_all_of_it_did() -> None:
    # February: opening 50,000 (A, due 14 Feb, still open at its end), sales 30,000 (B).
    # Nothing came in; closing total 80,000, closing current 30,000 (B due 12 Mar).
    # (50,000 + 30,000 − 80,000) / (50,000 + 30,000 − 30,000) = 0 / 50,000 = 0.00 %
    february = cei(Book.of(MARCH), "CNY", 2026, 2)
    assert february.index.percent == Decimal("0.00")
    # Had A been paid on 14 Feb: (80,000 − 30,000) / (80,000 − 30,000) = 100.00 %
    paid = cei(Book.of([*MARCH, pay("A", 50000, d(2026, 2, 14), "early")]), "CNY", 2026, 2)
    assert paid.index.percent == Decimal("100.00")
