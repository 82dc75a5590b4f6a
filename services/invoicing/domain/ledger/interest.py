"""Late interest of one invoice: simple interest per day on the overdue principal.

- Days of delay run from the day after the due date (2011/7/EU art. 3(3)(a) and 4(3)(a);
  Late Payment Act 1998 s. 4) up to and including the value date of the payment: the
  principal that bears interest on a day is what was still unpaid at the start of that
  day, so an invoice paid 60 days after its due date bears 60 days of interest.
- Interest for [from, to) = sum over days of principal x rate / basis. The basis is the
  pack's day count: act/365 for eu and uk (the UK statutory formula is the annual amount
  divided by 365, leap years included, per gov.uk "Late commercial payments: charging
  interest and debt recovery"; 2011/7/EU sets none and member states' practice, e.g.
  Germany's §288 BGB computations, uses 365), act/360 where a contract says so, or a
  rate per day (违约金 per day).
- Simple interest only: interest never bears interest (BGB §289; the Act's "simple
  interest"); charges, fees and compensation bear none.
- The principal falls by every allocation that stands: payments, credit notes, early-payment
  discounts, write-offs. A payment later reversed (bounced) counts as never made.
- Exact Decimal arithmetic (40 significant digits) throughout; the sum is rounded only when
  booked, to the currency's minor unit, ROUND_HALF_UP.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.errors import ContractNeedsReferenceRate
from services.invoicing.domain.ledger.model import (
    ZERO,
    AccountSettings,
    Allocation,
    DebitItem,
    InterestSegment,
)
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
PRECISION = 40


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


def first_day_of_delay(invoice: DebitItem) -> dt.date:
    return invoice.due_date + DAY


Steps = list[tuple[dt.date, Decimal]]  # (day, principal from that day on)


def standing_allocations(account: Account) -> dict[str, list[Allocation]]:
    """Allocations not reversed, by item: what lowers a principal (computed once per run)."""
    found: dict[str, list[Allocation]] = {}
    for allocation in account.allocations:
        if allocation.reversed_on is None:
            found.setdefault(allocation.item_id, []).append(allocation)
    return found


def principal_steps(invoice: DebitItem, standing: list[Allocation]) -> Steps:
    """Each standing allocation lowers the principal from the day after its date."""
    falls: dict[dt.date, Decimal] = {}
    for allocation in standing:
        day = allocation.on + DAY
        falls[day] = falls.get(day, ZERO) + allocation.amount
    steps = [(dt.date.min, invoice.amount)]
    for day in sorted(falls):
        steps.append((day, steps[-1][1] - falls[day]))
    return steps


def principal_on(steps: Steps, day: dt.date) -> Decimal:
    return next(amount for since, amount in reversed(steps) if since <= day)


Plans = list[tuple[dt.date, RatePlan | None]]  # each plan in force from its date


def plans_in_force(account: Account, pack_of: Callable[[str], JurisdictionPack]) -> Plans:
    """The rate plan of each stretch of the account's history (None: no interest then)."""
    return [(since, rate_plan(s, pack_of(s.jurisdiction))) for since, s in account.settings_history]


def labels(plans: Plans, start: dt.date, end: dt.date) -> str:
    """What the rates of [start, end) were based on, in order."""
    bounds = [since for since, _ in plans[1:]] + [dt.date.max]
    found = [
        plan.label
        for (since, plan), until in zip(plans, bounds, strict=True)
        if plan is not None and since < end and start < until
    ]
    return "; ".join(dict.fromkeys(found))


def segments(
    invoice: DebitItem, steps: Steps, plans: Plans, start: dt.date, end: dt.date
) -> list[InterestSegment]:
    """The interest-bearing stretches of [start, end), cut where principal or rate changes."""
    first = first_day_of_delay(invoice)
    start = max(start, first)
    if end <= start:
        return []
    rates = _rates(plans, first, start, end)
    cuts = sorted({start, end} | {d for d, _ in steps if start < d < end} | {d for d, _ in rates})
    found: list[InterestSegment] = []
    for begin, finish in itertools.pairwise(cuts):
        principal = principal_on(steps, begin)
        quote = next(q for since, q in reversed(rates) if since <= begin)
        if principal > 0 and quote is not None:
            found.append(InterestSegment(start=begin, end=finish, principal=principal, quote=quote))
    return found


def _rates(
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


def total_interest(found: list[InterestSegment]) -> Decimal:
    """Exact, unrounded."""
    with localcontext() as context:
        context.prec = PRECISION
        return sum((segment.interest() for segment in found), ZERO)


def _reference_date(first_day: dt.date) -> dt.date:
    """uk: 31 December for interest starting January to June, 30 June for July to December."""
    if first_day.month <= 6:
        return dt.date(first_day.year - 1, 12, 31)
    return dt.date(first_day.year, 6, 30)
