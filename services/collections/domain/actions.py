"""A level's actions, as events: reminders, the formal demand, supply halt, hand-over, tasks.

Each step has an id derived from the debtor, its overdue episode, the level and the
action's place in it (never the policy version): a step already taken is never taken
again, whether the command was redelivered or a new policy version came into force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from services.collections.domain.evidence import evidence_summary
from services.collections.domain.model import Debtor, TrackedInvoice
from services.collections.domain.policy import (
    Action,
    CollectorTask,
    Demand,
    DunningPolicy,
    HaltSupply,
    HandOver,
    Level,
    Reminder,
)
from services.collections.domain.standing import Standing
from services.collections.domain.state import evolve
from shared.contracts import Event, Money
from shared.contracts import collections as c
from shared.contracts.notifications import InvoiceRef, LegalStep, NotificationRequested
from shared.kernel import new_event
from shared.kernel.ids import derived_id

E = TypeVar("E", bound=Event)


_LATEST: list[Standing | None] = [None]
"""The standing a context last worked out. A ``Standing`` is immutable and holds the very
objects it was made of, so finding it by their identity can never answer for another."""


@dataclass(frozen=True)
class Context:
    """What every rule is given: the instant, the policy in force and the business day."""

    now: dt.datetime
    policy: DunningPolicy
    today: dt.date
    reassess: bool = False  # a payment or a resolved dispute may lower the level
    basis: str = ""  # why this policy applies (customer, segment, jurisdiction, default)

    def event(self, cls: type[E], **fields: Any) -> E:
        """An event of the debtor's that happens now."""
        return new_event(cls, self.now, **fields)

    def standing(self, debtor: Debtor) -> Standing:
        """Where ``debtor`` stands today: worked out once per debtor state in a row (the
        rules ask about one state again and again), and shared with the next context asking
        about the same state, policy and day (the worklist row of a decision's final state)."""
        latest = _LATEST[0]
        if (
            latest is not None
            and latest.debtor is debtor
            and latest.policy is self.policy
            and latest.today == self.today
        ):
            return latest
        standing = _LATEST[0] = Standing(debtor, self.policy, self.today)
        return standing

    def provenance(self, rule: str) -> dict[str, str]:
        return {"policy_version": self.policy.version, "rule": rule}


def step_id(debtor: Debtor, *parts: object) -> str:
    return str(derived_id("collections", "step", debtor.customer_id, debtor.episode, *parts))


def money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount, currency=currency)


def invoice_ref(invoice: TrackedInvoice) -> InvoiceRef:
    outstanding = invoice.outstanding_money()
    if outstanding is None or invoice.due_date is None:  # an invoice in dunning has both
        raise ValueError(f"invoice {invoice.invoice_id} has no currency or due date")
    return InvoiceRef(
        invoice_id=invoice.invoice_id,
        external_number=invoice.external_number,
        due_date=invoice.due_date,
        outstanding=outstanding,
    )


def reach(debtor: Debtor, level: Level, ctx: Context, rule: str, act: bool = True) -> list[Event]:
    """The debtor reaches ``level``: the transition, then the level's actions not yet taken
    (none when a level is lowered: what was sent at a higher level stays sent)."""
    standing = ctx.standing(debtor)
    currency = standing.reminder_currency()
    overdue = standing.overdue()
    reached = ctx.event(
        c.DunningLevelReached,
        customer_id=debtor.customer_id,
        level=level.level,
        state=level.state,
        overdue=money(overdue.get(currency, Decimal(0)), currency),
        overdue_by_currency=tuple(money(a, cur) for cur, a in overdue.items()),
        days_past_due=standing.days_past_due(),
        **ctx.provenance(rule),
    )
    if not act:
        return [reached]
    return [reached, *run_actions(evolve(debtor, reached), level, ctx, rule)]


def run_actions(debtor: Debtor, level: Level, ctx: Context, rule: str) -> list[Event]:
    events: list[Event] = []
    for index, action in enumerate(level.actions):
        key = step_id(debtor, level.level, index, action.kind)
        if key in debtor.done or (debtor.escalated and action.kind in ("reminder", "demand")):
            continue
        taken = take(debtor, action, key, ctx, rule)
        for event in taken:
            debtor = evolve(debtor, event)
        events += taken
    return events


def take(debtor: Debtor, action: Action, key: str, ctx: Context, rule: str) -> list[Event]:
    match action:
        case Reminder():
            return [request(debtor, ctx, rule, key, action.template, action.channels)]
        case Demand():
            return demand(debtor, action, key, ctx, rule)
        case HaltSupply():
            return halt(debtor, action, key, ctx, rule)
        case HandOver():
            return hand_over(debtor, action, ctx, rule)
        case CollectorTask():
            return [task(debtor, ctx, rule, key, action.task, action.due_in_days, action.assignee)]


def request(
    debtor: Debtor, ctx: Context, rule: str, request_id: str, template: str,
    channels: tuple[Any, ...], **extra: Any,
) -> NotificationRequested:  # fmt: skip
    """A message about the invoices in dunning (overdue ones; open ones before any is)."""
    standing = ctx.standing(debtor)
    currency = standing.reminder_currency()
    invoices = standing.overdue_invoices(currency) or [
        i for i in standing.open_invoices() if i.currency == currency
    ]
    total = sum((i.outstanding for i in invoices), Decimal(0))
    return ctx.event(
        NotificationRequested,
        request_id=request_id,
        customer_id=debtor.customer_id,
        template=template,
        channels=channels,
        invoices=tuple(invoice_ref(i) for i in invoices),
        total_outstanding=money(total, currency),
        legal_steps=legal_steps_ahead(debtor, ctx),
        time_barred=any(standing.time_barred(i) for i in invoices),
        **ctx.provenance(rule),
        **extra,
    )


def legal_steps_ahead(debtor: Debtor, ctx: Context) -> tuple[LegalStep, ...]:
    """The hand-overs the policy configures at the debtor's next levels, nearest first: all
    a message may say will follow (R5: no threat of an action not intended)."""
    steps: list[LegalStep] = []
    for level in ctx.policy.levels[debtor.level :]:
        steps += [a.kind for a in level.actions if isinstance(a, HandOver)]
    return tuple(dict.fromkeys(steps))


def demand(debtor: Debtor, action: Demand, key: str, ctx: Context, rule: str) -> list[Event]:
    standing = ctx.standing(debtor)
    currency = standing.reminder_currency()
    reply_by = ctx.today + dt.timedelta(days=action.reply_within_days)
    letter = request(debtor, ctx, rule, step_id(debtor, key, "letter"), action.template,
                     ("letter",), formal_demand=True, reply_by=reply_by)  # fmt: skip
    issued = ctx.event(
        c.DemandIssued,
        demand_id=key,
        customer_id=debtor.customer_id,
        request_id=letter.request_id,
        overdue=money(standing.overdue()[currency], currency),
        invoice_ids=tuple(i.invoice_id for i in standing.overdue_invoices()),
        reply_by=reply_by,
        **ctx.provenance(rule),
    )
    return [issued, letter]


def halt(debtor: Debtor, action: HaltSupply, key: str, ctx: Context, rule: str) -> list[Event]:
    if debtor.halt_id is not None:
        return []
    standing = ctx.standing(debtor)
    currency = standing.reminder_currency()
    halted = ctx.event(
        c.SupplyHalted,
        customer_id=debtor.customer_id,
        halt_id=key,
        overdue=money(standing.overdue()[currency], currency),
        reason="overdue",
        **ctx.provenance(rule),
    )
    if not action.notify:
        return [halted]
    notice = request(debtor, ctx, rule, step_id(debtor, key, "notice"), "supply_halt_notice",
                     ("email", "letter"))  # fmt: skip
    return [halted, notice]


def hand_over(debtor: Debtor, action: HandOver, ctx: Context, rule: str) -> list[Event]:
    if debtor.escalated == action.kind:
        return []
    standing = ctx.standing(debtor)
    currency = standing.reminder_currency()
    kind = c.EscalatedToAgency if action.kind == "agency" else c.EscalatedToLegal
    escalated = ctx.event(
        kind,
        customer_id=debtor.customer_id,
        overdue=money(standing.overdue()[currency], currency),
        evidence=evidence_summary(debtor),
        **ctx.provenance(rule),
    )
    return [escalated]


def task(
    debtor: Debtor, ctx: Context, rule: str, task_id: str, what: str, due_in_days: int,
    assignee: str, invoice_id: str | None = None,
) -> c.CollectorTaskRaised:  # fmt: skip
    return ctx.event(
        c.CollectorTaskRaised,
        task_id=task_id,
        customer_id=debtor.customer_id,
        task=what,
        due_on=ctx.today + dt.timedelta(days=due_in_days),
        assignee=assignee,
        invoice_id=invoice_id,
        **ctx.provenance(rule),
    )
