"""DSO by count-back and by the simple method, BPDSO and ADD — worked by hand below."""

from __future__ import annotations

from decimal import Decimal

from services.analytics.domain import Book, Period, count_back, dso
from services.analytics.domain.dso import MonthSales
from tests.unit.analytics.given import adjust, d, issue, pay

# A quarter of CNY sales (2026 is not a leap year: Jan 31, Feb 28, Mar 31 days).
#   Jan sales  70,000 = J1 40,000 + J2 30,000
#   Feb sales  80,000 = F1
#   Mar sales 100,000 = M1 60,000 + M2 40,000
# J1 was paid 38,000 on its due date, so at 31 March AR is
#   J1 2,000 + J2 30,000 + F1 80,000 + M1 60,000 + M2 40,000 = 212,000,
# of which not yet due (M1 due 4 Apr, M2 due 24 Apr) = 100,000.
QUARTER = [
    issue("J1", 40000, d(2026, 1, 10), d(2026, 2, 9)),
    issue("J2", 30000, d(2026, 1, 20), d(2026, 2, 19)),
    issue("F1", 80000, d(2026, 2, 15), d(2026, 3, 17)),
    issue("M1", 60000, d(2026, 3, 5), d(2026, 4, 4)),
    issue("M2", 40000, d(2026, 3, 25), d(2026, 4, 24)),
    pay("J1", 38000, d(2026, 2, 9)),
]
MARCH_END = d(2026, 3, 31)


def test_count_back_dso_over_three_months_is_worked_out_month_by_month() -> None:
    report = dso(Book.of(QUARTER), MARCH_END, "CNY")

    # 212,000 − Mar 100,000 = 112,000 left → 31 days
    # 112,000 − Feb  80,000 =  32,000 left → 28 days
    #  32,000 < Jan  70,000 → 32,000 / 70,000 × 31 = 14.1714… days
    # DSO = 31 + 28 + 14.1714… = 73.1714… → 73.2
    assert report.receivables == Decimal("212000")
    back = report.count_back
    assert [s.days for s in back.total.steps[:2]] == [Decimal(31), Decimal(28)]
    assert back.total.steps[2].days.quantize(Decimal("0.0001")) == Decimal("14.1714")
    assert back.dso == Decimal("73.2")
    # BPDSO counts back the 100,000 not yet due: 100,000 / Mar 100,000 × 31 = 31.0
    assert back.bpdso == Decimal("31.0")
    # ADD = 73.2 − 31.0
    assert back.add == Decimal("42.2")


def test_simple_dso_divides_receivables_by_the_quarters_sales_times_its_days() -> None:
    report = dso(Book.of(QUARTER), MARCH_END, "CNY")

    # period 1 Jan – 31 Mar = 90 days; sales 70,000 + 80,000 + 100,000 = 250,000
    # DSO   = 212,000 / 250,000 × 90 = 76.32 → 76.3
    # BPDSO = 100,000 / 250,000 × 90 = 36.0
    # ADD   = 76.3 − 36.0 = 40.3
    simple = report.simple
    assert simple.period == Period(start=d(2026, 1, 1), end=MARCH_END)
    assert simple.sales == Decimal("250000")
    assert (simple.dso, simple.bpdso, simple.add) == (
        Decimal("76.3"),
        Decimal("36.0"),
        Decimal("40.3"),
    )


def test_a_credit_note_lowers_the_sales_of_the_month_it_takes_effect_in() -> None:
    # A 10,000 credit note on F1 effective 10 March: March net sales 90,000, and AR 202,000.
    # Simple DSO = 202,000 / 240,000 × 90 = 75.75 → 75.8 (half up)
    # Count back: 202,000 − 90,000 = 112,000 → 31; − Feb 80,000 = 32,000 → 28;
    #             32,000 / 70,000 × 31 = 14.17… → 73.2
    report = dso(Book.of([*QUARTER, adjust("F1", 10000, d(2026, 3, 10))]), MARCH_END, "CNY")

    assert report.simple.sales == Decimal("240000")
    assert report.simple.dso == Decimal("75.8")
    assert report.count_back.dso == Decimal("73.2")


def test_dso_is_per_currency_and_no_sales_means_no_data() -> None:
    report = dso(Book.of(QUARTER), MARCH_END, "USD")

    assert report.receivables == 0
    assert report.simple.dso is None and report.simple.add is None
    assert report.count_back.dso == 0  # nothing owed: nothing to count back


def test_count_back_that_never_exhausts_the_balance_has_no_figure() -> None:
    month = MonthSales(period=Period.month(2026, 3), sales=Decimal(10))

    result = count_back(Decimal(100), [month])

    assert not result.complete and result.days is None


def test_a_month_without_sales_adds_its_days_and_absorbs_nothing() -> None:
    # 50 owed; March sold nothing (31 days), February sold 100: 31 + 50/100 × 28 = 45.0
    months = [
        MonthSales(period=Period.month(2026, 3), sales=Decimal(0)),
        MonthSales(period=Period.month(2026, 2), sales=Decimal(100)),
    ]

    assert count_back(Decimal(50), months).days == Decimal("45.0")


def test_the_current_month_counts_only_its_days_up_to_as_of() -> None:
    # As of 10 March the month has 10 days; March sales so far 60,000 (M1);
    # AR = J1 2,000 + J2 30,000 + F1 80,000 + M1 60,000 = 172,000.
    # 172,000 − 60,000 = 112,000 → 10 days; − Feb 80,000 = 32,000 → 28 days;
    # 32,000 / 70,000 × 31 = 14.17… → 52.2
    report = dso(Book.of(QUARTER), d(2026, 3, 10), "CNY")

    assert report.count_back.total.steps[0].period == Period(
        start=d(2026, 3, 1), end=d(2026, 3, 10)
    )
    assert report.count_back.dso == Decimal("52.2")
