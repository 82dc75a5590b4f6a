"""Where late interest's rate comes from, day by day: the contract or the pack.

The contract's rate where one is agreed (fixed a year, per day, or a margin over the
pack's reference rate); where the contract is silent, the pack's statutory rate; else
none. Each settings of the account applies from the day it took effect, so a contract
amendment changes the rate from its date on and never the days before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.errors import ContractNeedsReferenceRate
from services.invoicing.domain.ledger.model import ZERO, AccountSettings
from services.invoicing.domain.ledger.rates import (
    BASIS_DAYS,
    ContractInterest,
    DayCount,
    JurisdictionPack,
    Quote,
    RateSeries,
    StatutoryInterest,
)

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class RatePlan:
    """Where an invoice's rate comes from: the contract, or the pack's statutory interest."""

    label: str
    fixed: Quote | None = None
    series: RateSeries | None = None
    margin: Decimal = ZERO
    fixing: str = "daily"
    day_count: DayCount = "act/365"

    def pieces(
        self, first_day: dt.date, start: dt.date, end: dt.date
    ) -> list[tuple[dt.date, Quote]]:
        """[start, end) cut where the rate changes, each cut with its rate."""
        if self.fixed is not None:
            return [(start, self.fixed)]
        assert self.series is not None
        if self.fixing == "daily":
            self.series.at(end - DAY)  # every day must be covered, the last one too
            cuts = [start, *self.series.changes_within(start, end)]
            return [(day, self._quote(self.series.at(day))) for day in cuts]
        fixed_on = (
            _reference_date(first_day) if self.fixing == "reference_date_half_year" else first_day
        )
        return [(start, self._quote(self.series.at(fixed_on)))]

    def _quote(self, reference: Decimal) -> Quote:
        percent = reference + self.margin
        return Quote(percent=percent, per="year", basis_days=BASIS_DAYS[self.day_count])


def rate_plan(settings: AccountSettings, pack: JurisdictionPack) -> RatePlan | None:
    """The contract's rate where one is agreed, else the pack's statutory rate, else none."""
    contract = settings.contract
    if contract is not None:
        return _contract_plan(contract, pack.interest)
    statutory = pack.interest
    if statutory is None:
        return None
    return _over_reference("statutory", statutory, statutory.margin, pack.day_count)


def _contract_plan(contract: ContractInterest, statutory: StatutoryInterest | None) -> RatePlan:
    if contract.daily_percent is not None:
        quote = Quote(percent=contract.daily_percent, per="day")
        return RatePlan(label=f"{contract.clause}: {contract.daily_percent} % a day", fixed=quote)
    if contract.annual_percent is not None:
        basis = BASIS_DAYS[contract.day_count]
        quote = Quote(percent=contract.annual_percent, per="year", basis_days=basis)
        label = f"{contract.clause}: {contract.annual_percent} % a year, {contract.day_count}"
        return RatePlan(label=label, fixed=quote)
    assert contract.margin_over_reference is not None
    if statutory is None:
        raise ContractNeedsReferenceRate(
            f"{contract.clause} sets a margin over a reference rate; this pack publishes none"
        )
    return _over_reference(
        contract.clause, statutory, contract.margin_over_reference, contract.day_count
    )


def _over_reference(
    basis: str, statutory: StatutoryInterest, margin: Decimal, day_count: DayCount
) -> RatePlan:
    """A published reference rate plus ``margin`` points, fixed the pack's way."""
    return RatePlan(
        label=f"{basis}: {statutory.series.name} + {margin} points, {day_count}",
        series=statutory.series,
        margin=margin,
        fixing=statutory.fixing,
        day_count=day_count,
    )


Plans = list[tuple[dt.date, RatePlan | None]]  # each plan in force from its date


def plans_in_force(account: Account, pack_of: Callable[[str], JurisdictionPack]) -> Plans:
    """The rate plan of each stretch of the account's history (None: no interest then)."""
    return [(since, rate_plan(s, pack_of(s.jurisdiction))) for since, s in account.settings_history]


def published_until(plans: Plans) -> dt.date | None:
    """The first day no rate table of ``plans`` covers (None: no plan reads a table)."""
    ends = [p.series.published_through for _, p in plans if p is not None and p.series]
    return min(ends) + DAY if ends else None


def labels(plans: Plans, start: dt.date, end: dt.date) -> str:
    """What the rates of [start, end) were based on, in order."""
    bounds = [since for since, _ in plans[1:]] + [dt.date.max]
    found = [
        plan.label
        for (since, plan), until in zip(plans, bounds, strict=True)
        if plan is not None and since < end and start < until
    ]
    return "; ".join(dict.fromkeys(found))


def quotes(
    plans: Plans, first: dt.date, start: dt.date, end: dt.date
) -> list[tuple[dt.date, Quote | None]]:
    """[start, end) cut where the plan or its rate changes, each cut with its rate."""
    found: list[tuple[dt.date, Quote | None]] = []
    bounds = [since for since, _ in plans[1:]] + [dt.date.max]
    for (since, plan), until in zip(plans, bounds, strict=True):
        begin, finish = max(since, start), min(until, end)
        if begin >= finish:
            continue
        if plan is None:
            found.append((begin, None))
        else:
            found.extend(plan.pieces(first, begin, finish))
    return found


def _reference_date(first_day: dt.date) -> dt.date:
    """uk: 31 December for interest starting January to June, 30 June for July to December."""
    if first_day.month <= 6:
        return dt.date(first_day.year - 1, 12, 31)
    return dt.date(first_day.year, 6, 30)
