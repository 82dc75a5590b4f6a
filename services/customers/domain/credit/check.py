"""The order credit check: approve, approve with prepayment X %, or hold — with every reason.

Exposure is what the customer owes (invoicing's open items, disputed ones included) plus
orders accepted but not yet invoiced (other than the one checked). Reasons:

- ``supply_halted``: collections halted supply — hold;
- ``grade_hold``: the grade's terms hold every order (grade E by default) — hold;
- ``overdue_beyond_max_days``: the oldest undisputed overdue invoice is more days past
  due than the terms allow — hold;
- ``no_rating``: no grade yet; the unrated terms apply (their prepayment or hold);
- ``over_limit``: the order takes exposure over the limit — the excess is prepaid, or
  the order held, as the policy says;
- ``grade_prepayment``: the grade asks this share in advance on orders above an amount;
- ``no_exchange_rate``: something is owed in a currency there is no rate for — hold.

The prepayment is the larger share asked, in whole percent rounded up, and its amount
is rounded up to the currency's minor unit, so the limit is never exceeded by rounding.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from pydantic import Field

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.exposure import OpenOrder
from services.customers.domain.credit.facts import OpenItem, Ref
from services.customers.domain.credit.money import rounded
from services.customers.domain.credit.policy import EffectiveTerms
from services.customers.domain.credit.scorecard import Grade
from shared.contracts.money import Money, PositiveMoney

ReasonCode = Literal[
    "supply_halted", "grade_hold", "overdue_beyond_max_days", "no_rating", "over_limit",
    "grade_prepayment", "no_exchange_rate",
]  # fmt: skip
Effect = Literal["hold", "prepayment", "note"]
Outcome = Literal["approve", "approve_with_prepayment", "hold"]
ShipmentLevel = Literal["normal", "prepayment", "hold"]


class Reason(Frozen):
    """Why the check answered as it did; ``percent`` is the prepayment this reason asks."""

    code: ReasonCode
    effect: Effect
    detail: str
    percent: int = 0


class OrderToCheck(Frozen):
    order_id: Ref
    amount: PositiveMoney


class CreditCheck(Frozen):
    """The answer to an ERP asking whether to ship ``order_id``."""

    order_id: str
    outcome: Outcome
    prepayment_percent: int
    prepayment: Money | None
    reasons: tuple[Reason, ...]
    grade: Grade | None
    policy_version: str
    credit_limit: Money
    exposure: Money = Field(description="owed and on order before this order, in the limit's")
    checked_on: dt.date


def _terms_reason(terms: EffectiveTerms, order: Money | None) -> Reason | None:
    """What the grade's (or the unrated) terms ask of this order (of any order: None)."""
    who = f"grade {terms.grade}" if terms.grade else "no rating yet"
    code: ReasonCode = "no_rating" if terms.grade is None else "grade_hold"
    if terms.hold_all:
        return Reason(code=code, effect="hold", detail=f"{who}: every order is held")
    above = terms.prepayment_above
    applies = order is None or above is None or order.amount > above.amount
    if terms.prepayment_percent and applies:
        share = f"{terms.prepayment_percent} % in advance" + (f" above {above}" if above else "")
        return Reason(
            code="no_rating" if terms.grade is None else "grade_prepayment",
            effect="prepayment",
            detail=f"{who}: {share}",
            percent=terms.prepayment_percent,
        )
    if terms.grade is None:
        return Reason(code="no_rating", effect="note", detail=f"{who}: the unrated terms apply")
    return None


def standing_reasons(
    terms: EffectiveTerms,
    open_items: Sequence[OpenItem],
    halted: bool,
    day: dt.date,
    order: Money | None = None,
) -> list[Reason]:
    """What restricts the customer's orders today: the halt, the terms, overdue invoices."""
    reasons = []
    if halted:
        detail = "collections halted supply"
        reasons.append(Reason(code="supply_halted", effect="hold", detail=detail))
    by_terms = _terms_reason(terms, order)
    if by_terms is not None:
        reasons.append(by_terms)
    oldest = max((i.days_past_due(day) for i in open_items if not i.disputed), default=0)
    if terms.max_days_overdue is not None and oldest > terms.max_days_overdue:
        detail = f"oldest overdue invoice {oldest} days past due (at most {terms.max_days_overdue})"
        reasons.append(Reason(code="overdue_beyond_max_days", effect="hold", detail=detail))
    return reasons


def shipment_control(
    terms: EffectiveTerms, open_items: Sequence[OpenItem], halted: bool, day: dt.date
) -> tuple[ShipmentLevel, tuple[Reason, ...]]:
    """Gradual shipment control for the customer: normal → prepayment above an amount →
    hold all, and why (part 2 keeps ``SupplyHalted`` / ``SupplyResumed`` in step with it)."""
    reasons = tuple(standing_reasons(terms, open_items, halted, day))
    effects = {reason.effect for reason in reasons}
    level: ShipmentLevel = "prepayment" if "prepayment" in effects else "normal"
    level = "hold" if "hold" in effects else level
    return level, reasons


def _over_limit(terms: EffectiveTerms, order: Decimal, exposure: Decimal) -> Reason | None:
    """``order`` and ``exposure`` in the limit's currency."""
    limit = terms.credit_limit
    excess = min(order, exposure + order - limit.amount)
    if excess <= 0:
        return None
    owed, asked = rounded(exposure, limit.currency), rounded(order, limit.currency)
    detail = f"owed and on order {owed}, with this order {asked}: over the limit {limit}"
    if terms.over_limit == "hold":
        return Reason(code="over_limit", effect="hold", detail=detail)
    percent = math.ceil(100 * excess / order)
    return Reason(code="over_limit", effect="prepayment", detail=detail, percent=percent)


def check_order(
    order: OrderToCheck,
    terms: EffectiveTerms,
    open_items: Sequence[OpenItem],
    open_orders: Sequence[OpenOrder],
    halted: bool,
    day: dt.date,
    rates: Mapping[str, Decimal] | None = None,
) -> CreditCheck:
    """Approve, ask a prepayment, or hold ``order``. ``rates``: what one unit of another
    currency is worth in the limit's currency (owed or ordered in a currency without a
    rate, the order is held)."""
    currency, rates = terms.credit_limit.currency, rates or {}
    owed = [i.outstanding for i in open_items]
    owed += [o.open for o in open_orders if o.order_id != order.order_id]
    missing = _in_currency([*owed, order.amount], currency, rates)[1]
    exposure = _in_currency(owed, currency, rates)[0]
    ordered, order_missing = _in_currency([order.amount], currency, rates)
    in_limit = None if order_missing else rounded(ordered, currency)
    reasons = standing_reasons(terms, open_items, halted, day, in_limit) + missing
    over = None if missing else _over_limit(terms, ordered, exposure)
    return _answer(order, terms, [*reasons, *([over] if over else [])], exposure, day)


def _in_currency(
    amounts: Sequence[Money], currency: str, rates: Mapping[str, Decimal]
) -> tuple[Decimal, list[Reason]]:
    total, missing = Decimal(0), set()
    for money in amounts:
        rate = Decimal(1) if money.currency == currency else rates.get(money.currency)
        if rate is None:
            missing.add(money.currency)
        else:
            total += money.amount * rate
    return total, [
        Reason(code="no_exchange_rate", effect="hold", detail=f"no rate from {c} to {currency}")
        for c in sorted(missing)
    ]


def _answer(
    order: OrderToCheck,
    terms: EffectiveTerms,
    reasons: list[Reason],
    exposure: Decimal,
    day: dt.date,
) -> CreditCheck:
    hold = any(r.effect == "hold" for r in reasons)
    percent = 0 if hold else min(100, max((r.percent for r in reasons), default=0))
    outcome: Outcome = "hold" if hold else "approve_with_prepayment" if percent else "approve"
    amount = order.amount
    prepayment = rounded(amount.amount * percent / 100, amount.currency, ROUND_CEILING)
    return CreditCheck(
        order_id=order.order_id,
        outcome=outcome,
        prepayment_percent=percent,
        prepayment=prepayment if percent else None,
        reasons=tuple(reasons),
        grade=terms.grade,
        policy_version=terms.policy_version,
        credit_limit=terms.credit_limit,
        exposure=rounded(exposure, terms.credit_limit.currency),
        checked_on=day,
    )
