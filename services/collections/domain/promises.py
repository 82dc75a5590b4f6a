"""Promises, payment plans and settlements: kept, partly paid, broken, completed.

A promise is kept when payments value-dated by its deadline (date + grace) reach the
policy's share of it, or nothing overdue is left; it is broken when the deadline passed
short. A broken promise (or a missed instalment) applies the policy's broken-promise
rule: a ``promise_broken`` message, then the level jumps ``broken_jumps_levels`` up.
"""

from __future__ import annotations

import datetime as dt

from services.collections.domain.actions import Context, money, reach, request, step_id
from services.collections.domain.model import Debtor, Promise
from services.collections.domain.policy import (
    RULE_INSTALMENT_MISSED,
    RULE_PLAN_COMPLETED,
    RULE_PROMISE_BROKEN,
    RULE_PROMISE_KEPT,
    RULE_SETTLEMENT_PAID,
)
from services.collections.domain.state import evolve, fold
from shared.contracts import Event, Money
from shared.contracts import collections as c
from shared.contracts.notifications import PromiseRef


def follow_promise(debtor: Debtor, ctx: Context) -> list[Event]:
    promise = debtor.promise
    if promise is None:
        return []
    required = promise.amount * ctx.policy.promises.kept_at_share
    paid = money(promise.paid, promise.currency)
    if promise.paid >= required or not debtor.past_due_invoices():
        return [kept(debtor, ctx, promise.promise_id, paid)]
    if ctx.today > promise.deadline:
        return broken(debtor, ctx, promise, RULE_PROMISE_BROKEN)
    if promise.paid > promise.reported:
        remaining = money(promise.amount - promise.paid, promise.currency)
        return [
            ctx.event(c.PromisePartlyPaid, promise_id=promise.promise_id,
                           customer_id=debtor.customer_id, paid=paid, remaining=remaining)
        ]  # fmt: skip
    return []


def kept(debtor: Debtor, ctx: Context, promise_id: str, paid: Money) -> Event:
    return ctx.event(
        c.PromiseKept,
        promise_id=promise_id,
        customer_id=debtor.customer_id,
        paid=paid,
        **ctx.provenance(RULE_PROMISE_KEPT),
    )


def broken(debtor: Debtor, ctx: Context, promise: Promise, rule: str) -> list[Event]:
    """The promise is broken: say so, tell the debtor, and jump the level."""
    event = ctx.event(
        c.PromiseBroken,
        promise_id=promise.promise_id,
        customer_id=debtor.customer_id,
        shortfall=money(promise.amount - promise.paid, promise.currency),
        paid=money(promise.paid, promise.currency),
        **ctx.provenance(rule),
    )
    debtor = evolve(debtor, event)
    events: list[Event] = [event]
    if not ctx.standing(debtor).overdue() or debtor.escalated:
        return events  # nothing to dun, or the file is with an agency / legal
    ref = PromiseRef(promise_id=promise.promise_id, amount=money(promise.amount, promise.currency),
                     due_on=promise.due_on)  # fmt: skip
    key = step_id(debtor, "promise_broken", promise.promise_id)
    notice = request(debtor, ctx, rule, key, "promise_broken", ("email", "log"), promise=ref)
    debtor = evolve(debtor, notice)
    events.append(notice)
    jump = min(debtor.level + ctx.policy.promises.broken_jumps_levels, len(ctx.policy.levels))
    level = ctx.policy.level(jump)
    if level is not None and jump > debtor.level:
        events += reach(debtor, level, ctx, RULE_PROMISE_BROKEN)
    return events


def follow_plan(debtor: Debtor, ctx: Context) -> list[Event]:
    """Instalments paid are kept promises; a missed one breaks the plan; all paid completes it."""
    plan = debtor.plan
    if plan is None:
        return []
    events: list[Event] = []
    settled = plan.settled
    while settled < len(plan.instalments) and plan.paid >= plan.due_by(settled + 1):
        settled += 1
        events.append(
            kept(debtor, ctx, f"{plan.plan_id}/{settled}", money(plan.paid, plan.currency))
        )
    if settled == len(plan.instalments) or not debtor.past_due_invoices():
        completed = ctx.event(c.PaymentPlanCompleted, plan_id=plan.plan_id,
                                   customer_id=debtor.customer_id,
                                   **ctx.provenance(RULE_PLAN_COMPLETED))  # fmt: skip
        return [*events, completed]
    due = plan.instalments[settled]
    if ctx.today <= due.due_on + _days(plan.grace_days):
        return events
    return [*events, *missed(fold(debtor, events), ctx, due.number)]


def missed(debtor: Debtor, ctx: Context, number: int) -> list[Event]:
    plan = debtor.plan
    assert plan is not None
    shortfall = plan.due_by(number) - plan.paid
    event = ctx.event(c.InstalmentMissed, plan_id=plan.plan_id, customer_id=debtor.customer_id,
                           number=number, shortfall=money(shortfall, plan.currency),
                           **ctx.provenance(RULE_INSTALMENT_MISSED))  # fmt: skip
    as_promise = Promise(
        promise_id=f"{plan.plan_id}/{number}",
        amount=plan.due_by(number),
        currency=plan.currency,
        due_on=plan.instalments[number - 1].due_on,
        grace_days=plan.grace_days,
        paid=plan.paid,
    )
    return [event, *broken(evolve(debtor, event), ctx, as_promise, RULE_INSTALMENT_MISSED)]


def follow_settlement(debtor: Debtor, ctx: Context) -> list[Event]:
    """An accepted settlement paid in full closes its invoices with the discount recorded."""
    offer = debtor.offer
    if offer is None or not offer.accepted or offer.paid < offer.pay:
        return []
    return [
        ctx.event(
            c.SettlementCompleted,
            offer_id=offer.offer_id,
            customer_id=debtor.customer_id,
            paid=money(offer.paid, offer.currency),
            discount=money(offer.discount, offer.currency),
            invoice_ids=offer.invoice_ids,
            **ctx.provenance(RULE_SETTLEMENT_PAID),
        )
    ]


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
