"""What each of the debtor's stored events changes in its state (``state.evolve`` picks one).

Each function takes the debtor and one event and answers the fields that change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.collections.domain import events as ev
from services.collections.domain.model import (
    Debtor,
    Demand,
    Offer,
    OpenTask,
    Plan,
    Promise,
    PromiseRecord,
    TrackedInvoice,
)
from services.collections.domain.policy import RULE_INSTALMENT_MISSED, RULE_PROMISE_BROKEN
from shared.contracts import Event
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested

MESSAGES_KEPT = 30


def day(event: Event) -> dt.date:
    return event.occurred_at.date()


def registered(s: Debtor, e: ev.DebtorRegistered) -> dict[str, Any]:
    return {"jurisdiction": e.jurisdiction, "currency": e.currency, "segment": e.segment}


def reached(s: Debtor, e: c.DunningLevelReached) -> dict[str, Any]:
    entering = s.status in ("current", "resolved") and e.level > 0
    penalty = e.rule in (RULE_PROMISE_BROKEN, RULE_INSTALMENT_MISSED)
    return {
        "floor": e.level if penalty else s.floor,
        "status": e.state,
        "level": e.level,
        "episode": s.episode + (1 if entering else 0),
        "policy_version": e.policy_version,
        "first_overdue_on": day(e) if entering else s.first_overdue_on,
        "resolution": None,
    }


def cleared(s: Debtor, e: c.DebtorCleared) -> dict[str, Any]:
    return {
        "status": "current" if e.resolution == "paid" else "resolved",
        "level": 0,
        "floor": 0,
        "policy_version": e.policy_version,
        "escalated": None,
        "demand": None,
        "plan_offered_on": None,
        "resolution": None,
        "first_overdue_on": None,
    }


def assigned(s: Debtor, e: ev.PolicyAssigned) -> dict[str, Any]:
    return {"policy_id": e.policy_id, "assigned_version": e.policy_version, "no_policy_for": None}


def policy_missing(s: Debtor, e: ev.PolicyMissing) -> dict[str, Any]:
    return {"policy_id": None, "assigned_version": None, "no_policy_for": e.jurisdiction}


def requested(s: Debtor, e: NotificationRequested) -> dict[str, Any]:
    message = c.MessageEvidence(
        request_id=e.request_id,
        template=e.template,
        requested_on=day(e),
        formal_demand=e.formal_demand,
    )
    return {"done": s.done | {e.request_id}, "messages": (*s.messages, message)[-MESSAGES_KEPT:]}


def promise_record(s: Debtor, promise_id: str, outcome: str) -> tuple[PromiseRecord, ...]:
    return tuple(
        r.model_copy(update={"outcome": outcome}) if r.promise_id == promise_id else r
        for r in s.promises
    )


def promised(s: Debtor, e: c.PromiseMade) -> dict[str, Any]:
    promise = Promise(
        promise_id=e.promise_id,
        amount=e.amount.amount,
        currency=e.amount.currency,
        due_on=e.due_on,
        grace_days=e.grace_days,
    )
    record = PromiseRecord(promise_id=e.promise_id, amount=e.amount, due_on=e.due_on)
    return {"promise": promise, "promises": (*s.promises, record)}


def partly(s: Debtor, e: c.PromisePartlyPaid) -> dict[str, Any]:
    if s.promise is None:
        return {}
    return {"promise": s.promise.model_copy(update={"reported": e.paid.amount})}


def kept(s: Debtor, e: c.PromiseKept) -> dict[str, Any]:
    promise = None if s.promise and s.promise.promise_id == e.promise_id else s.promise
    update: dict[str, Any] = {"promise": promise}
    update["promises"] = promise_record(s, e.promise_id, "kept")
    if s.plan and e.promise_id.startswith(f"{s.plan.plan_id}/"):
        update["plan"] = s.plan.model_copy(update={"settled": s.plan.settled + 1})
    return update


def broken(s: Debtor, e: c.PromiseBroken) -> dict[str, Any]:
    promise = None if s.promise and s.promise.promise_id == e.promise_id else s.promise
    return {
        "promise": promise,
        "promises": promise_record(s, e.promise_id, "broken"),
        "broken_promises": s.broken_promises + 1,
    }


def superseded(s: Debtor, e: c.PromiseSuperseded) -> dict[str, Any]:
    promise = None if s.promise and s.promise.promise_id == e.promise_id else s.promise
    return {"promise": promise, "promises": promise_record(s, e.promise_id, "superseded")}


def plan_agreed(s: Debtor, e: c.PaymentPlanAgreed) -> dict[str, Any]:
    plan = Plan(
        plan_id=e.plan_id,
        kind=e.kind,
        currency=e.instalments[0].amount.currency if e.instalments else "XXX",
        instalments=e.instalments,
        grace_days=e.grace_days,
    )
    return {"plan": plan, "promise": None}


def plan_ended(s: Debtor, e: Event) -> dict[str, Any]:
    completed = isinstance(e, c.PaymentPlanCompleted)
    return {"plan": None, "resolution": "plan_completed" if completed else s.resolution}


def offered(s: Debtor, e: c.SettlementOffered) -> dict[str, Any]:
    offer = Offer(
        offer_id=e.offer_id,
        currency=e.pay.currency,
        invoice_ids=e.invoice_ids,
        pay=e.pay.amount,
        discount=e.discount.amount,
        valid_until=e.valid_until,
    )
    return {"offer": offer}


def accepted(s: Debtor, e: c.SettlementAccepted) -> dict[str, Any]:
    return {"offer": s.offer.model_copy(update={"accepted": True}) if s.offer else None}


def settled(s: Debtor, e: c.SettlementCompleted) -> dict[str, Any]:
    invoices = dict(s.invoices)
    for invoice_id in e.invoice_ids:
        if invoice_id in invoices:
            invoices[invoice_id] = invoices[invoice_id].model_copy(
                update={"closed_by": "settlement"}
            )
    return {"offer": None, "invoices": invoices, "resolution": "settled"}


def with_invoice(s: Debtor, invoice_id: str, **update: Any) -> dict[str, Any]:
    invoice = s.invoices.get(invoice_id) or TrackedInvoice(invoice_id=invoice_id)
    return {"invoices": {**s.invoices, invoice_id: invoice.model_copy(update=update)}}


def disputed(s: Debtor, e: c.InvoiceDisputed) -> dict[str, Any]:
    return with_invoice(s, e.invoice_id, disputed=e.reason, disputed_since=e.raised_on or day(e))


def dispute_resolved(s: Debtor, e: c.DisputeResolved) -> dict[str, Any]:
    invoice = s.invoices.get(e.invoice_id) or TrackedInvoice(invoice_id=e.invoice_id)
    since = invoice.disputed_since or day(e)
    held = invoice.late_days_held(since, e.resolved_on or day(e))
    update: dict[str, Any] = {"disputed": None, "disputed_since": None}
    update["paused_days"] = invoice.paused_days + held
    if e.outcome == "credited":
        update["closed_by"] = "credited"
    return with_invoice(s, e.invoice_id, **update)


def halted(s: Debtor, e: c.SupplyHalted) -> dict[str, Any]:
    return {"halt_id": e.halt_id, "halts": s.halts + 1, "done": s.done | {e.halt_id}}


def task(s: Debtor, e: c.CollectorTaskRaised) -> dict[str, Any]:
    offered = day(e) if e.task == "offer_payment_plan" else s.plan_offered_on
    opened = OpenTask(task_id=e.task_id, task=e.task, assignee=e.assignee, due_on=e.due_on,
                      invoice_id=e.invoice_id)  # fmt: skip
    tasks = (*(t for t in s.open_tasks if t.task_id != e.task_id), opened)
    return {"done": s.done | {e.task_id}, "plan_offered_on": offered, "open_tasks": tasks}


def task_completed(s: Debtor, e: c.CollectorTaskCompleted) -> dict[str, Any]:
    return {"open_tasks": tuple(t for t in s.open_tasks if t.task_id != e.task_id)}


def task_reassigned(s: Debtor, e: c.CollectorTaskReassigned) -> dict[str, Any]:
    tasks = tuple(
        t.model_copy(update={"assignee": e.assignee}) if t.task_id == e.task_id else t
        for t in s.open_tasks
    )
    return {"open_tasks": tasks}


def conversation(s: Debtor, e: c.ConversationRecorded) -> dict[str, Any]:
    update: dict[str, Any] = {"done": s.done | {e.conversation_id}}
    if e.reached and (s.last_conversation_at is None or s.last_conversation_at < e.held_at):
        update["last_conversation_at"] = e.held_at
    return update


def demanded(s: Debtor, e: c.DemandIssued) -> dict[str, Any]:
    demand = Demand(
        demand_id=e.demand_id, request_id=e.request_id, issued_on=day(e), invoice_ids=e.invoice_ids
    )
    return {"demand": demand, "done": s.done | {e.demand_id}}


def delivered(s: Debtor, e: c.DemandDelivered) -> dict[str, Any]:
    invoices = dict(s.invoices)
    for invoice_id in e.invoice_ids:
        if invoice_id in invoices:
            invoices[invoice_id] = invoices[invoice_id].model_copy(
                update={"limitation_from": e.delivered_on}
            )
    demand = s.demand.model_copy(update={"delivered_on": e.delivered_on}) if s.demand else None
    return {"invoices": invoices, "demand": demand}
