"""Recovery rate by age at handover — worked by hand below."""

from __future__ import annotations

from decimal import Decimal

from services.analytics.domain import AGING_BANDS, Book, recovery
from tests.unit.analytics.given import adjust, d, hand_over, issue, pay

# Three files handed over (as of 31 Dec 2026):
#  C-1 to an agency 31 Jan 2026: X1 10,000 due 1 Dec 2025 → 61 days past due (Dec 31 + Jan 30).
#      Collected after: 6,000 (1 Mar) + 2,000 (1 May) = 8,000.
#      (X4, due 15 Feb 2026, was not overdue at handover: not part of the recovery.)
#      C-1 went on to legal 1 Jun 2026: X1 still counts once.
#  C-2 to an agency 1 Mar 2026: X2 6,000 due 15 Jan 2025, of which 1,000
#      was paid on 1 Feb 2026 before the handover → 5,000 handed over, 410 days past due
#      (365 to 15 Jan 2026, + 16 + 28 + 1). Collected after: 1,000 (1 Apr).
#  C-3 to legal 30 Jun 2026: X3 4,000 due 31 Jan 2024 → 881 days past due (366 + 365 to
#      31 Jan 2026, + 28 + 31 + 30 + 31 + 30). Nothing collected; written off in November.
FACTS = [
    issue("X1", 10000, d(2025, 11, 1), d(2025, 12, 1), customer="C-1"),
    issue("X4", 3000, d(2026, 1, 16), d(2026, 2, 15), customer="C-1"),
    issue("X2", 6000, d(2024, 12, 16), d(2025, 1, 15), customer="C-2"),
    issue("X3", 4000, d(2024, 1, 1), d(2024, 1, 31), customer="C-3"),
    hand_over("C-1", d(2026, 1, 31)),
    hand_over("C-1", d(2026, 6, 1), to="legal"),
    hand_over("C-2", d(2026, 3, 1)),
    hand_over("C-3", d(2026, 6, 30), to="legal"),
    pay("X1", 6000, d(2026, 3, 1)),
    pay("X1", 2000, d(2026, 5, 1)),
    pay("X4", 3000, d(2026, 2, 10)),
    pay("X2", 1000, d(2026, 2, 1)),
    pay("X2", 1000, d(2026, 4, 1)),
    adjust("X3", 4000, d(2026, 11, 30), "write_off"),
]
AS_OF = d(2026, 12, 31)


def test_recovery_by_age_at_handover_in_the_seeds_bands() -> None:
    table = recovery(Book.of(FACTS), AS_OF)

    rows = {r.band: (r.invoices, r.handed_over, r.collected, r.rate.percent) for r in table.rows}
    assert rows == {
        "up_to_1_year": (1, Decimal(10000), Decimal(8000), Decimal("80.00")),  # 8,000 / 10,000
        "over_1_year": (1, Decimal(5000), Decimal(1000), Decimal("20.00")),  # 1,000 / 5,000
        "over_2_years": (1, Decimal(4000), Decimal(0), Decimal("0.00")),  # written off ≠ collected
    }


def test_recovery_in_the_aging_buckets_shows_no_data_where_nothing_was_handed_over() -> None:
    table = recovery(Book.of(FACTS), AS_OF, AGING_BANDS)

    rates = {r.band: r.rate.percent for r in table.rows}
    # 61–90: X1 8,000 / 10,000; over 365: X2 and X3, (1,000 + 0) / (5,000 + 4,000) = 11.11 %
    assert rates == {
        "1-30": None,
        "31-60": None,
        "61-90": Decimal("80.00"),
        "91-180": None,
        "181-365": None,
        "over_365": Decimal("11.11"),
    }


def test_recovery_as_of_an_earlier_date_counts_only_what_was_collected_by_then() -> None:
    # As of 31 March: C-3 not yet handed over; X1 has 6,000 back, X2 nothing yet.
    table = recovery(Book.of(FACTS), d(2026, 3, 31))

    assert [(r.band, r.collected, r.rate.percent) for r in table.rows] == [
        ("up_to_1_year", Decimal(6000), Decimal("60.00")),
        ("over_1_year", Decimal(0), Decimal("0.00")),
        ("over_2_years", Decimal(0), None),
    ]
