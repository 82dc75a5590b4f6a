"""Prompt payers earn points per invoice paid on time (more when early), redeem them for a
credit note, and grade A earns a rebate on a quarter's purchases — under the shipped
programme: 10 points on time, 5 more when paid 10 or more days early, nothing for invoices
under 1 000 CNY; 1 point = 1.00 CNY, at least 100 points a redemption; rebate 0.5 %."""

from __future__ import annotations

import pytest

from services.customers.adapters.credit_files import load_rewards
from services.customers.domain.credit.errors import CurrencyNotInPolicy, NotEnoughPoints
from services.customers.domain.credit.rewards import (
    period_of,
    rebate_for,
    redeem,
    rewards_account,
)
from shared.contracts.money import Money
from tests.unit.customers.credit.given import cny, day, paid

PROGRAMME = load_rewards()
PAID = [
    paid("INV-1", day(3, 31), day(3, 31)),  # on time: 10
    paid("INV-2", day(4, 30), day(4, 20)),  # 10 days early: 15
    paid("INV-3", day(5, 31), day(6, 1)),  # a day late: nothing
    paid("INV-4", day(6, 30), day(6, 1), amount="999.99"),  # under the minimum: nothing
    paid("INV-5", day(7, 31), day(7, 22)),  # 9 days early: 10
]


def test_points_are_earned_per_invoice_paid_on_time_and_more_when_early() -> None:
    account = rewards_account(PROGRAMME, PAID)
    assert [(e.reference, e.points, e.why) for e in account.entries] == [
        ("INV-1", 10, "paid on time"),
        ("INV-2", 15, "paid 10 days early"),
        ("INV-5", 10, "paid on time"),
    ]
    assert account.balance == 35


def test_an_invoice_paid_fact_delivered_twice_earns_once() -> None:
    assert rewards_account(PROGRAMME, PAID + PAID[:2]) == rewards_account(PROGRAMME, PAID)


def test_points_are_redeemed_for_a_credit_note_and_never_more_than_held() -> None:
    many = [paid(f"INV-{n}", day(3, 31), day(3, 31)) for n in range(12)]  # 120 points
    account = rewards_account(PROGRAMME, many)
    redemption = redeem(PROGRAMME, account, "RD-1", 100, "CNY", day(4, 1))
    assert redemption.credit == cny("100.00")
    after = rewards_account(PROGRAMME, many, [redemption, redemption])
    assert after.balance == 20
    assert after.entries[-1].points == -100
    with pytest.raises(NotEnoughPoints, match="at most the 20 on the account"):
        redeem(PROGRAMME, after, "RD-2", 100, "CNY", day(4, 2))
    with pytest.raises(NotEnoughPoints, match="at least 100"):
        redeem(PROGRAMME, account, "RD-3", 99, "CNY", day(4, 2))
    with pytest.raises(CurrencyNotInPolicy):
        redeem(PROGRAMME, account, "RD-4", 100, "JPY", day(4, 2))


def test_a_usd_credit_note_is_worth_the_points_at_the_usd_value() -> None:
    account = rewards_account(PROGRAMME, [paid(f"I-{n}", day(3, 31), day(3, 1)) for n in range(9)])
    # 9 × 15 = 135 points × 0.14 USD = 18.90 USD
    assert redeem(PROGRAMME, account, "RD-1", 135, "USD", day(4, 1)).credit == Money(
        amount="18.90", currency="USD"
    )


def test_grade_a_earns_a_rebate_on_the_quarters_purchases_rounded_to_the_fen() -> None:
    # 1 234 567.89 × 0.5 % = 6 172.83945 → 6 172.84
    rebate = rebate_for(PROGRAMME, "A", "2026-Q3", cny("1234567.89"))
    assert rebate is not None and rebate.rebate == cny("6172.84")
    assert rebate_for(PROGRAMME, "B", "2026-Q3", cny("1234567.89")) is None
    assert rebate_for(PROGRAMME, None, "2026-Q3", cny("1234567.89")) is None


@pytest.mark.parametrize(
    ("period", "expected"), [("quarter", "2026-Q4"), ("month", "2026-11"), ("year", "2026")]
)
def test_a_day_falls_in_one_rebate_period(period: str, expected: str) -> None:
    assert period_of(day(11, 30), period) == expected  # type: ignore[arg-type]
