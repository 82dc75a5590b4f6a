"""The named rules of the dunning policy: given the debtor as it now stands, what happens.

A rule is pure: ``(debtor, context) -> events``; it fires only when its condition holds,
so running the rules again on a debtor they already handled adds nothing. ``assess`` runs
them in order, each on the debtor as the previous ones left it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from services.collections.domain import events as ev
from services.collections.domain.actions import Context, money, reach, request, step_id, task
from services.collections.domain.model import CALM, Debtor
from services.collections.domain.policy import (
    RULE_HARDSHIP_PLAN_FIRST,
    RULE_LEVEL_REASSESSED,
    RULE_LIMITATION,
    RULE_OVERDUE_BALANCE_PAID,
    RULE_PLAN_COMPLETED,
    RULE_POLICY_ASSIGNED,
    RULE_POLICY_DEFAULT,
    RULE_RESUME_DISPUTED,
    RULE_RESUME_PAID,
    RULE_RESUME_PLAN,
    RULE_SETTLEMENT_PAID,
    Level,
)
from services.collections.domain.promises import follow_plan, follow_promise, follow_settlement
from services.collections.domain.state import fold
from shared.contracts import Event
from shared.contracts import collections as c

Rule = Callable[[Debtor, Context], list[Event]]
CLEARING_RULES = {
    "paid": RULE_OVERDUE_BALANCE_PAID,
    "plan_completed": RULE_PLAN_COMPLETED,
    "settled": RULE_SETTLEMENT_PAID,
}


def assign_policy(debtor: Debtor, ctx: Context) -> list[Event]:
    """Record the policy version that decides from now on, when it changes; the configured
    default policy is named as such (its own rule), never taken silently."""
    if (debtor.policy_id, debtor.assigned_version) == (ctx.policy.id, ctx.policy.version):
        return []
    default = ctx.basis.startswith("default")
    return [
        ctx.event(
            ev.PolicyAssigned,
            customer_id=debtor.customer_id,
            policy_id=ctx.policy.id,
            effective_from=ctx.policy.effective_from,
            **ctx.provenance(RULE_POLICY_DEFAULT if default else RULE_POLICY_ASSIGNED),
        )
    ]


def overdue_balance_paid(debtor: Debtor, ctx: Context) -> list[Event]:
    """A dunned debtor with nothing overdue left (in any currency) is current again.

    A halted supply resumes first; a plan or settlement that paid it resolves the debtor.
    """
    if debtor.status in CALM or debtor.written_off or debtor.past_due_invoices():
        return []
    if debtor.status == "reminded" and ctx.standing(debtor).open_invoices():
        return []
    events: list[Event] = []
    if debtor.halt_id:
        events.append(resume(debtor, ctx, "overdue_paid", RULE_RESUME_PAID))
    resolution = debtor.resolution or "paid"
    cleared = ctx.event(
        c.DebtorCleared,
        customer_id=debtor.customer_id,
        resolution=resolution,
        **ctx.provenance(CLEARING_RULES[resolution]),
    )
    return [*events, cleared]


def resume_supply(debtor: Debtor, ctx: Context) -> list[Event]:
    """Lift a halt when a plan is agreed (if the policy says so) or all that is left is disputed."""
    if debtor.halt_id is None:
        return []
    if debtor.plan and ctx.policy.plans.resume_supply_on_agreement:
        return [resume(debtor, ctx, "plan_agreed", RULE_RESUME_PLAN)]
    if not ctx.standing(debtor).overdue():
        return [resume(debtor, ctx, "rest_disputed", RULE_RESUME_DISPUTED)]
    return []


def resume(debtor: Debtor, ctx: Context, reason: str, rule: str) -> Event:
    return ctx.event(
        c.SupplyResumed,
        customer_id=debtor.customer_id,
        halt_id=debtor.halt_id,
        reason=reason,
        **ctx.provenance(rule),
    )


def paused(debtor: Debtor, ctx: Context) -> bool:
    """Dunning waits for a pending promise or plan; nothing moves after a write-off."""
    return bool(debtor.promise or debtor.plan or debtor.written_off or ctx.standing(debtor).exempt)


def step_levels(debtor: Debtor, ctx: Context) -> list[Event]:
    """Reach the highest level whose conditions hold; after a payment, come down to it."""
    target = ctx.standing(debtor).target()
    if target is None or paused(debtor, ctx):
        return []
    if target.level > debtor.level:
        held = hardship_hold(debtor, target, ctx)
        return held if held is not None else reach(debtor, target, ctx, target.name)
    lower = max(target.level, debtor.floor)
    if ctx.reassess and 1 <= lower < debtor.level and not debtor.escalated:
        level = ctx.policy.level(lower)
        return reach(debtor, level, ctx, RULE_LEVEL_REASSESSED, act=False) if level else []
    return []


def hardship_hold(debtor: Debtor, target: Level, ctx: Context) -> list[Event] | None:
    """In hardship, offer a plan before a demand: a task first, then ``hold_days`` of waiting."""
    branch = ctx.policy.branch(debtor.classification)
    if not branch.offer_plan_before_demand or not target.does(
        "demand", "halt_supply", "agency", "legal"
    ):
        return None
    if debtor.plan_offered_on is None:
        key = step_id(debtor, "offer_payment_plan")
        return [
            task(
                debtor, ctx, RULE_HARDSHIP_PLAN_FIRST, key, "offer_payment_plan", 2, branch.assignee
            )
        ]
    if ctx.today < debtor.plan_offered_on + dt.timedelta(days=branch.hold_days):
        return []
    return None


def watch_limitation(debtor: Debtor, ctx: Context) -> list[Event]:
    """Warn and raise a task well before an owed invoice's limitation period ends."""
    standing, events = ctx.standing(debtor), list[Event]()
    assignee = ctx.policy.limitation.task_assignee
    for invoice in debtor.invoices_by_due_date():
        if not invoice.owing:  # a paid or closed invoice has nothing left to bar
            continue
        warn, ends = standing.limitation_warn_day(invoice), standing.limitation_ends(invoice)
        if warn is None or ends is None or ctx.today < warn:
            continue
        if f"limitation:{invoice.invoice_id}:{ends}" in debtor.done:
            continue
        days_left = max((ends - ctx.today).days - 30, 0)
        key = step_id(debtor, "limitation", invoice.invoice_id, ends)
        events += [
            ctx.event(c.LimitationWarning, customer_id=debtor.customer_id,
                           invoice_id=invoice.invoice_id, expires_on=ends,
                           **ctx.provenance(RULE_LIMITATION)),
            task(debtor, ctx, RULE_LIMITATION, key, "limitation_expiring", days_left, assignee,
                 invoice.invoice_id),
        ]  # fmt: skip
    return events


RULES: tuple[Rule, ...] = (
    assign_policy,
    follow_promise,
    follow_plan,
    follow_settlement,
    overdue_balance_paid,
    resume_supply,
    step_levels,
    watch_limitation,
)


def assess(debtor: Debtor, ctx: Context) -> tuple[list[Event], Debtor]:
    """Run every rule in order, each on the debtor as the previous ones left it: the events
    they fired, and the debtor after them."""
    events: list[Event] = []
    for rule in RULES:
        if fired := rule(debtor, ctx):
            debtor = fold(debtor, fired)
            events += fired
    return events, debtor


def overdue_total(debtor: Debtor, ctx: Context, currency: str) -> Decimal:
    return ctx.standing(debtor).overdue().get(currency, Decimal(0))


__all__ = ["RULES", "assess", "money", "request"]
