"""Cure rates per dunning level and per message sent, within N days — worked by hand below."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.analytics.domain import Book, cure_rates
from tests.unit.analytics.given import adjust, d, issue, pay, sent, step

SHANGHAI = ZoneInfo("Asia/Shanghai")
N = 14
AS_OF = d(2026, 4, 15)
# Every invoice is CNY, due 1 March 2026.
#  C-1 level 1 on 5 Mar, owes 1,000; pays 1,000 on 12 Mar (day 7)          → cured
#  C-2 level 1 on 5 Mar, owes 2,000; pays 500 on 10 Mar, 1,500 on 25 Mar
#      (day 20, after the window 6–19 Mar)                                   → not cured
#  C-3 level 2 on 20 Mar, owes 3,000; credit note 3,000 on 22 Mar           → cured (credited)
#  C-4 level 2 on 1 Apr, its invoice is due 30 Apr: nothing overdue         → nothing owed
#  C-5 level 3 on 10 Apr: the 14 days end 24 Apr, after as_of              → pending
#  C-6 level 3 on 20 Mar, paid in full that very day                        → nothing owed
FACTS = [
    issue("I1", 1000, d(2026, 2, 1), d(2026, 3, 1), customer="C-1"),
    issue("I2", 2000, d(2026, 2, 1), d(2026, 3, 1), customer="C-2"),
    issue("I3", 3000, d(2026, 2, 1), d(2026, 3, 1), customer="C-3"),
    issue("I4", 4000, d(2026, 3, 31), d(2026, 4, 30), customer="C-4"),
    issue("I5", 5000, d(2026, 2, 1), d(2026, 3, 1), customer="C-5"),
    issue("I6", 6000, d(2026, 2, 1), d(2026, 3, 1), customer="C-6"),
    step("C-1", 1, d(2026, 3, 5)),
    step("C-2", 1, d(2026, 3, 5)),
    step("C-3", 2, d(2026, 3, 20)),
    step("C-4", 2, d(2026, 4, 1)),
    step("C-5", 3, d(2026, 4, 10)),
    step("C-6", 3, d(2026, 3, 20)),
    pay("I1", 1000, d(2026, 3, 12)),
    pay("I2", 500, d(2026, 3, 10)),
    pay("I2", 1500, d(2026, 3, 25)),
    adjust("I3", 3000, d(2026, 3, 22)),
    pay("I6", 6000, d(2026, 3, 20)),
]


def test_cure_rate_per_dunning_level_counts_debtors_who_paid_within_n_days() -> None:
    table = cure_rates(Book.of(FACTS), "level", N, AS_OF)

    level_1, level_2 = table.row("1"), table.row("2")
    assert level_1 is not None and level_2 is not None
    # Level 1: C-1 cured, C-2 not → 1 / 2 = 50.00 %.
    assert (level_1.cured, level_1.counted, level_1.rate.percent) == (1, 2, Decimal("50.00"))
    # Money: owed 1,000 + 2,000 = 3,000; paid within 14 days 1,000 + 500 = 1,500 → 50.00 %.
    (cny,) = level_1.money
    assert (cny.owed, cny.paid, cny.rate.percent) == (
        Decimal(3000),
        Decimal(1500),
        Decimal("50.00"),
    )
    # Level 2: C-3 cured by a credit note; C-4 owed nothing → 1 / 1 = 100.00 %.
    assert (level_2.cured, level_2.counted, level_2.nothing_owed) == (1, 1, 1)
    assert level_2.rate.percent == Decimal("100.00")


def test_a_level_with_nothing_to_count_has_no_data_not_zero() -> None:
    table = cure_rates(Book.of(FACTS), "level", N, AS_OF)

    level_3 = table.row("3")
    assert level_3 is not None
    # C-5's window is still open (pending); C-6 owed nothing once its same-day payment counted.
    assert (level_3.counted, level_3.pending, level_3.nothing_owed) == (0, 1, 1)
    assert level_3.rate.denominator == 0
    assert level_3.rate.percent is None


def test_a_wider_window_cures_the_late_payer() -> None:
    # With 20 days C-2's 25 March payment is inside (6–25 Mar): level 1 → 2 / 2.
    level_1 = cure_rates(Book.of(FACTS), "level", 20, AS_OF).row("1")

    assert level_1 is not None and level_1.rate.percent == Decimal("100.00")


MESSAGES = [
    *FACTS,
    sent("C-1", "reminder_1", "3", "email", dt.datetime(2026, 3, 5, 9, 30, tzinfo=SHANGHAI)),
    sent("C-2", "reminder_1", "4", "sms", dt.datetime(2026, 3, 5, 20, 15, tzinfo=SHANGHAI)),
    sent("C-3", "demand", "1", "letter", dt.datetime(2026, 3, 20, 10, 0, tzinfo=SHANGHAI)),
]


def test_cure_rates_per_template_version_channel_hour_and_weekday_of_sending() -> None:
    book = Book.of(MESSAGES)

    def rates(by: str) -> dict[str, Decimal | None]:
        table = cure_rates(book, by, N, AS_OF)  # type: ignore[arg-type]
        return {r.key: r.rate.percent for r in table.rows}

    hundred, half, zero = Decimal("100.00"), Decimal("50.00"), Decimal("0.00")
    assert rates("template") == {"demand": hundred, "reminder_1": half}
    assert rates("template_version") == {
        "demand@1": hundred,
        "reminder_1@3": hundred,
        "reminder_1@4": zero,
    }
    assert rates("channel") == {"email": hundred, "letter": hundred, "sms": zero}
    # Hours read in the local time the message carries (Asia/Shanghai here).
    assert rates("hour") == {"09": hundred, "10": hundred, "20": zero}
    # 5 March 2026 is a Thursday, 20 March a Friday.
    assert rates("weekday") == {"Thu": half, "Fri": hundred}


def test_a_step_naming_invoices_is_about_those_even_before_they_are_due() -> None:
    # A pre-due reminder to C-4 on 20 April about I4 (due 30 April), paid 25 April.
    book = Book.of(
        [*FACTS, step("C-4", 0, d(2026, 4, 20), ("I4",)), pay("I4", 4000, d(2026, 4, 25))]
    )

    level_0 = cure_rates(book, "level", 7, d(2026, 4, 30)).row("0")

    assert level_0 is not None and (level_0.cured, level_0.counted) == (1, 1)
