"""Rewards for prompt payers (回款奖励): points per invoice paid on time, more when early,
redeemable as a credit note, and a rebate (返利) on a period's purchases for the best grades.

A programme is a versioned YAML document validated by these models. Points are earned
from ``InvoicePaid`` facts only, once per invoice whatever the order or number of
deliveries; a redemption spends points it finds on the account and never more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import Field

from services.customers.domain.credit.base import Frozen, VersionedDocument
from services.customers.domain.credit.errors import CurrencyNotInPolicy, NotEnoughPoints
from services.customers.domain.credit.facts import InvoicePaid, Ref, distinct
from services.customers.domain.credit.money import rounded
from services.customers.domain.credit.scorecard import Grade
from shared.contracts.money import Currency, Money

NonNegative = Annotated[Decimal, Field(ge=0)]


class PointsRule(Frozen):
    """``paid_on_time`` points per invoice settled by its due date, ``paid_early`` more when
    settled ``early_days`` or more before it; invoices under ``minimum_invoice`` earn none."""

    paid_on_time: int = Field(ge=0)
    paid_early: int = Field(default=0, ge=0)
    early_days: int = Field(default=10, ge=1)
    minimum_invoice: dict[Currency, NonNegative] = Field(default_factory=dict)


class RedemptionRule(Frozen):
    point_value: dict[Currency, Annotated[Decimal, Field(gt=0)]] = Field(min_length=1)
    minimum_points: int = Field(default=1, ge=1)


class RebateRule(Frozen):
    grades: tuple[Grade, ...] = Field(min_length=1)
    percent: Annotated[Decimal, Field(gt=0, le=10)]
    period: Literal["month", "quarter", "year"] = "quarter"


class RewardsProgramme(VersionedDocument):
    points: PointsRule
    redemption: RedemptionRule
    rebate: RebateRule | None = None


class PointsEntry(Frozen):
    """Points earned (positive) or redeemed (negative) on ``on``, with what earned them."""

    on: dt.date
    reference: str
    points: int
    why: str


class Redemption(Frozen):
    """Points turned into a credit note of ``credit`` (invoicing books it)."""

    redemption_id: Ref
    redeemed_on: dt.date
    points: int = Field(ge=1)
    credit: Money


class RewardsAccount(Frozen):
    entries: tuple[PointsEntry, ...] = ()

    @property
    def balance(self) -> int:
        return sum(entry.points for entry in self.entries)


def _earned(rule: PointsRule, paid: InvoicePaid) -> PointsEntry | None:
    floor = rule.minimum_invoice.get(paid.amount.currency, Decimal(0))
    if paid.days_late or paid.amount.amount < floor:
        return None
    early = paid.days_early >= rule.early_days
    points = rule.paid_on_time + (rule.paid_early if early else 0)
    why = f"paid {paid.days_early} days early" if early else "paid on time"
    return PointsEntry(on=paid.paid_on, reference=paid.invoice_id, points=points, why=why)


def rewards_account(
    programme: RewardsProgramme,
    paid: Iterable[InvoicePaid],
    redemptions: Iterable[Redemption] = (),
) -> RewardsAccount:
    """The account the facts and the redemptions make, in date order."""
    earned = [e for e in (_earned(programme.points, p) for p in distinct(paid)) if e and e.points]
    spent = {r.redemption_id: r for r in redemptions}
    entries = earned + [
        PointsEntry(on=r.redeemed_on, reference=r.redemption_id, points=-r.points, why="redeemed")
        for r in spent.values()
    ]
    return RewardsAccount(entries=tuple(sorted(entries, key=lambda e: (e.on, e.reference))))


def redeem(
    programme: RewardsProgramme,
    account: RewardsAccount,
    redemption_id: str,
    points: int,
    currency: str,
    on: dt.date,
) -> Redemption:
    """Spend ``points`` for a credit note in ``currency`` (rounded down to its minor unit)."""
    rule = programme.redemption
    if currency not in rule.point_value:
        raise CurrencyNotInPolicy(f"rewards {programme.version} give no value in {currency}")
    if points < rule.minimum_points or points > account.balance:
        raise NotEnoughPoints(
            f"{points} points asked; at least {rule.minimum_points}, at most the "
            f"{account.balance} on the account"
        )
    credit = rounded(points * rule.point_value[currency], currency, ROUND_DOWN)
    return Redemption(redemption_id=redemption_id, redeemed_on=on, points=points, credit=credit)


class Rebate(Frozen):
    """The rebate a customer of ``grade`` earned on ``purchases`` in ``period``."""

    period: str
    grade: Grade
    purchases: Money
    percent: Decimal
    rebate: Money


def period_of(day: dt.date, period: Literal["month", "quarter", "year"]) -> str:
    """``2026-11``, ``2026-Q4`` or ``2026``: the rebate period ``day`` falls in."""
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if period == "quarter" else str(day.year)


def rebate_for(
    programme: RewardsProgramme, grade: Grade | None, period: str, purchases: Money
) -> Rebate | None:
    """The rebate for ``period`` (one per customer and period), if the grade earns one."""
    rule = programme.rebate
    if rule is None or grade not in rule.grades or purchases.amount <= 0:
        return None
    amount = rounded(purchases.amount * rule.percent / 100, purchases.currency, ROUND_HALF_UP)
    return Rebate(
        period=period, grade=grade, purchases=purchases, percent=rule.percent, rebate=amount
    )
