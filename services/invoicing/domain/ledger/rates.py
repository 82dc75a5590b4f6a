"""Late interest and fixed compensation as data: a jurisdiction pack and a customer contract.

A pack (``rates/<pack>.yaml``, read by ``services/invoicing/adapters/rate_packs.py``) says,
with its legal source, in which order a partial payment pays one debt's costs, interest
and principal; the statutory interest (a published reference rate plus a margin, and how
the rate is fixed); the fixed compensation per overdue invoice; and the day count.
Rates are written as quoted strings, so they stay exact Decimals, never YAML floats.

How a reference rate is fixed differs by law, and the pack names it:

- ``daily``: each day takes the rate in force that day (eu: 2011/7/EU takes the ECB
  rate of 1 January for the first half-year and of 1 July for the second; the table
  lists those half-year rates, so the rate changes at each half-year boundary).
- ``reference_date_half_year``: the rate in force on 31 December (interest starting
  1 January–30 June) or 30 June (starting 1 July–31 December) before the first day of
  interest, fixed for the whole debt (uk: Late Payment of Commercial Debts (Rate of
  Interest) (No. 3) Order 2002, SI 2002/1675).
- ``start_of_delay``: the rate in force on the first day of interest, fixed.

A table is trusted only up to its ``published_through`` date: a day after it, or before
its first rate, raises ``RateNotPublished`` instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from services.invoicing.domain.ledger.errors import NoCompensationForCurrency, RateNotPublished
from shared.contracts.customers import Jurisdiction
from shared.contracts.money import Money


def _exact(value: object) -> object:
    if isinstance(value, float):
        raise ValueError(f"write rates and amounts as quoted strings, not the float {value}")
    return value


Exact = Annotated[Decimal, BeforeValidator(_exact)]
DayCount = Literal["act/365", "act/360"]
Fixing = Literal["daily", "reference_date_half_year", "start_of_delay"]
Category = Literal["costs", "interest", "principal"]
BASIS_DAYS: dict[DayCount, int] = {"act/365": 365, "act/360": 360}


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class RatePoint(_Data):
    valid_from: dt.date = Field(alias="from")
    percent: Exact = Field(ge=-100, le=100)


class RateSeries(_Data):
    """A published reference rate: each point holds from its date until the next one."""

    name: str = Field(min_length=1)
    source: str = Field(min_length=1)
    published_through: dt.date
    points: tuple[RatePoint, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_date_order(self) -> RateSeries:
        days = [p.valid_from for p in self.points]
        if days != sorted(set(days)):
            raise ValueError(f"{self.name}: rate dates must be strictly increasing")
        if self.published_through < days[-1]:
            raise ValueError(f"{self.name}: published_through is before the last rate")
        return self

    def at(self, day: dt.date) -> Decimal:
        if day < self.points[0].valid_from or day > self.published_through:
            raise RateNotPublished(
                f"{self.name} has no published rate for {day} (the table covers "
                f"{self.points[0].valid_from} to {self.published_through}): add it to the pack"
            )
        return next(p.percent for p in reversed(self.points) if p.valid_from <= day)

    def changes_within(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Days in (start, end) on which a new rate takes effect."""
        return [p.valid_from for p in self.points if start < p.valid_from < end]


class StatutoryInterest(_Data):
    series: RateSeries
    margin: Exact = Field(ge=0, le=100, description="percentage points over the reference")
    fixing: Fixing
    source: str = Field(min_length=1)


class CompensationTier(_Data):
    """``amount`` for a debt (in ``currency``) below ``below``; no ``below`` = any size."""

    currency: str = Field(min_length=3, max_length=3)
    below: Exact | None = Field(default=None, gt=0)
    amount: Exact = Field(gt=0)


class JurisdictionPack(_Data):
    pack: Jurisdiction
    day_count: DayCount
    day_count_source: str = Field(min_length=1)
    within_debt_order: tuple[Category, Category, Category]
    order_source: str = Field(min_length=1)
    interest: StatutoryInterest | None = None
    compensation: tuple[CompensationTier, ...] = ()
    compensation_source: str | None = None

    @model_validator(mode="after")
    def _order_names_each_category_once(self) -> JurisdictionPack:
        if sorted(self.within_debt_order) != ["costs", "interest", "principal"]:
            raise ValueError("within_debt_order must name costs, interest and principal once")
        return self

    def compensation_for(self, debt: Decimal, currency: str) -> Decimal | None:
        """The fixed sum for one overdue debt of ``debt``, or None if the pack has none."""
        if not self.compensation:
            return None
        tiers = [t for t in self.compensation if t.currency == currency]
        if not tiers:
            raise NoCompensationForCurrency(
                f"pack {self.pack} has no fixed compensation in {currency}: add a tier for it"
            )
        return next(t.amount for t in tiers if t.below is None or debt < t.below)


class ContractInterest(_Data):
    """What the customer's contract agreed; it replaces the pack's statutory interest.

    Exactly one of: a fixed ``annual_percent``; a ``daily_percent`` (违约金 such as
    每日万分之五 = 0.05); a ``margin_over_reference`` on the pack's reference rate,
    fixed the pack's way. ``compensation`` replaces the pack's fixed sum; without it the
    pack's applies unless ``statutory_compensation`` is false.
    """

    annual_percent: Exact | None = Field(default=None, gt=0, le=100)
    daily_percent: Exact | None = Field(default=None, gt=0, le=1)
    margin_over_reference: Exact | None = Field(default=None, ge=0, le=100)
    day_count: DayCount = "act/365"
    compensation: Money | None = None
    statutory_compensation: bool = True
    clause: str = Field(default="contract", min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_rate(self) -> ContractInterest:
        given = [self.annual_percent, self.daily_percent, self.margin_over_reference]
        if sum(v is not None for v in given) != 1:
            raise ValueError(
                "a contract rate is one of annual_percent, daily_percent, margin_over_reference"
            )
        return self


class Quote(_Data):
    """One rate as applied: ``percent`` per year over ``basis_days``, or per day."""

    percent: Decimal
    per: Literal["year", "day"]
    basis_days: int | None = None

    def interest(self, principal: Decimal, days: int) -> Decimal:
        """One division, after every multiplication (the caller sets the precision)."""
        if self.per == "day":
            return principal * self.percent * days / 100
        assert self.basis_days is not None
        return principal * self.percent * days / (100 * self.basis_days)
