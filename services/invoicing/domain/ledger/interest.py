"""Late interest of one invoice: simple interest per day on the overdue principal.

- Days of delay run from the day after the due date (2011/7/EU art. 3(3)(a) and 4(3)(a);
  Late Payment Act 1998 s. 4) up to and including the value date of the payment: the
  principal that bears interest on a day is what was still unpaid at the start of that
  day, so an invoice paid 60 days after its due date bears 60 days of interest.
- Interest for [from, to) = sum over days of principal x rate / basis. The basis is the
  pack's day count: act/365 for eu and uk (the UK statutory formula is the annual amount
  divided by 365, leap years included, per gov.uk "Late commercial payments: charging
  interest and debt recovery"; 2011/7/EU sets none, and practice in member states, e.g.
  on §288 BGB interest in Germany, commonly divides by 365), act/360 where a contract
  says so, or a rate per day (违约金 per day).
- Simple interest only: interest never bears interest (BGB §289; the Act's "simple
  interest"); charges, fees and compensation bear none, and neither (today) do debit
  notes: only an invoice's own principal accrues.
- The principal falls by every allocation that stands: payments, credit notes, early-payment
  discounts, write-offs. A payment later reversed (bounced) counts as never made.
- Exact Decimal arithmetic (40 significant digits) throughout; the sum is rounded only when
  booked, to the currency's minor unit, ROUND_HALF_UP.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal, localcontext

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.model import ZERO, Allocation, DebitItem, InterestSegment
from services.invoicing.domain.ledger.rate_plans import DAY, Plans, quotes

PRECISION = 40


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


def segments(
    invoice: DebitItem, steps: Steps, plans: Plans, start: dt.date, end: dt.date
) -> list[InterestSegment]:
    """The interest-bearing stretches of [start, end), cut where principal or rate changes."""
    first = first_day_of_delay(invoice)
    start = max(start, first)
    if end <= start:
        return []
    rates = quotes(plans, first, start, end)
    cuts = sorted({start, end} | {d for d, _ in steps if start < d < end} | {d for d, _ in rates})
    found: list[InterestSegment] = []
    for begin, finish in itertools.pairwise(cuts):
        principal = principal_on(steps, begin)
        quote = next(q for since, q in reversed(rates) if since <= begin)
        if principal > 0 and quote is not None:
            found.append(InterestSegment(start=begin, end=finish, principal=principal, quote=quote))
    return found


def total_interest(found: list[InterestSegment]) -> Decimal:
    """Exact, unrounded."""
    with localcontext() as context:
        context.prec = PRECISION
        return sum((segment.interest() for segment in found), ZERO)
