"""``evolve``: the debtor after one of its own stored events. It never decides.

Invoice facts go to ``invoice_facts``; this module folds the dunning, promise, plan,
settlement, dispute and escalation events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from services.collections.domain.invoice_facts import INVOICE_FACTS, apply_invoice_fact
from services.collections.domain.model import (
    Debtor,
    DebtorStatus,
    Demand,
    Offer,
    Plan,
    Promise,
    PromiseRecord,
    TrackedInvoice,
)
from services.collections.domain.policy import RULE_INSTALMENT_MISSED, RULE_PROMISE_BROKEN
from shared.contracts import Event
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested

__all__ = ["AGGREGATE_TYPE", "Debtor", "DebtorStatus", "TrackedInvoice", "evolve", "fold"]

AGGREGATE_TYPE = "debtor"
MESSAGES_KEPT = 30


def initial(customer_id: str) -> Debtor:
    return Debtor(customer_id=customer_id)


def evolve(state: Debtor, event: Event) -> Debtor:
    """The debtor after one of its own events (other types leave it unchanged)."""
    if isinstance(event, INVOICE_FACTS):
        return apply_invoice_fact(state, event)
    change = _CHANGES.get(type(event))
    return state.model_copy(update=change(state, event)) if change else state


def fold(state: Debtor, events: Sequence[Event]) -> Debtor:
    for event in events:
        state = evolve(state, event)
    return state


def _day(event: Event) -> dt.date:
    return event.occurred_at.date()


def _registered(s: Debtor, e: c.DebtorRegistered) -> dict[str, Any]:
    return {"jurisdiction": e.jurisdiction, "currency": e.currency, "segment": e.segment}


def _reached(s: Debtor, e: c.DunningLevelReached) -> dict[str, Any]:
    entering = s.status in ("current", "resolved") and e.level > 0
    penalty = e.rule in (RULE_PROMISE_BROKEN, RULE_INSTALMENT_MISSED)
    return {
        "floor": e.level if penalty else s.floor,
        "status": e.state,
        "level": e.level,
        "episode": s.episode + (1 if entering else 0),
        "policy_version": e.policy_version,
        "first_overdue_on": _day(e) if entering else s.first_overdue_on,
        "resolution": None,
    }


def _cleared(s: Debtor, e: c.DebtorCleared) -> dict[str, Any]:
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


def _assigned(s: Debtor, e: c.PolicyAssigned) -> dict[str, Any]:
    return {"policy_id": e.policy_id, "assigned_version": e.policy_version}


def _requested(s: Debtor, e: NotificationRequested) -> dict[str, Any]:
    message = c.MessageEvidence(
        request_id=e.request_id,
        template=e.template,
        requested_on=_day(e),
        formal_demand=e.formal_demand,
    )
    return {"done": s.done | {e.request_id}, "messages": (*s.messages, message)[-MESSAGES_KEPT:]}


def _promise_record(s: Debtor, promise_id: str, outcome: str) -> tuple[PromiseRecord, ...]:
    return tuple(
        r.model_copy(update={"outcome": outcome}) if r.promise_id == promise_id else r
        for r in s.promises
    )


def _promised(s: Debtor, e: c.PromiseMade) -> dict[str, Any]:
    promise = Promise(
        promise_id=e.promise_id,
        amount=e.amount.amount,
        currency=e.amount.currency,
        due_on=e.due_on,
        grace_days=e.grace_days,
    )
    record = PromiseRecord(promise_id=e.promise_id, amount=e.amount, due_on=e.due_on)
    return {"promise": promise, "promises": (*s.promises, record)}


def _partly(s: Debtor, e: c.PromisePartlyPaid) -> dict[str, Any]:
    if s.promise is None:
        return {}
    return {"promise": s.promise.model_copy(update={"reported": e.paid.amount})}


def _kept(s: Debtor, e: c.PromiseKept) -> dict[str, Any]:
    promise = None if s.promise and s.promise.promise_id == e.promise_id else s.promise
    update: dict[str, Any] = {"promise": promise}
    update["promises"] = _promise_record(s, e.promise_id, "kept")
    if s.plan and e.promise_id.startswith(f"{s.plan.plan_id}/"):
        update["plan"] = s.plan.model_copy(update={"settled": s.plan.settled + 1})
    return update


def _broken(s: Debtor, e: c.PromiseBroken) -> dict[str, Any]:
    promise = None if s.promise and s.promise.promise_id == e.promise_id else s.promise
    return {
        "promise": promise,
        "promises": _promise_record(s, e.promise_id, "broken"),
        "broken_promises": s.broken_promises + 1,
    }


def _plan_agreed(s: Debtor, e: c.PaymentPlanAgreed) -> dict[str, Any]:
    plan = Plan(
        plan_id=e.plan_id,
        kind=e.kind,
        currency=e.instalments[0].amount.currency if e.instalments else "XXX",
        instalments=e.instalments,
        grace_days=e.grace_days,
    )
    return {"plan": plan, "promise": None}


def _plan_ended(s: Debtor, e: Event) -> dict[str, Any]:
    completed = isinstance(e, c.PaymentPlanCompleted)
    return {"plan": None, "resolution": "plan_completed" if completed else s.resolution}


def _offered(s: Debtor, e: c.SettlementOffered) -> dict[str, Any]:
    offer = Offer(
        offer_id=e.offer_id,
        currency=e.pay.currency,
        invoice_ids=e.invoice_ids,
        pay=e.pay.amount,
        discount=e.discount.amount,
        valid_until=e.valid_until,
    )
    return {"offer": offer}


def _accepted(s: Debtor, e: c.SettlementAccepted) -> dict[str, Any]:
    return {"offer": s.offer.model_copy(update={"accepted": True}) if s.offer else None}


def _settled(s: Debtor, e: c.SettlementCompleted) -> dict[str, Any]:
    invoices = dict(s.invoices)
    for invoice_id in e.invoice_ids:
        if invoice_id in invoices:
            invoices[invoice_id] = invoices[invoice_id].model_copy(
                update={"closed_by": "settlement"}
            )
    return {"offer": None, "invoices": invoices, "resolution": "settled"}


def _with_invoice(s: Debtor, invoice_id: str, **update: Any) -> dict[str, Any]:
    invoice = s.invoices.get(invoice_id) or TrackedInvoice(invoice_id=invoice_id)
    return {"invoices": {**s.invoices, invoice_id: invoice.model_copy(update=update)}}


def _disputed(s: Debtor, e: c.InvoiceDisputed) -> dict[str, Any]:
    return _with_invoice(s, e.invoice_id, disputed=e.reason, disputed_since=e.raised_on or _day(e))


def _dispute_resolved(s: Debtor, e: c.DisputeResolved) -> dict[str, Any]:
    invoice = s.invoices.get(e.invoice_id) or TrackedInvoice(invoice_id=e.invoice_id)
    since = invoice.disputed_since or _day(e)
    held = invoice.late_days_held(since, e.resolved_on or _day(e))
    update: dict[str, Any] = {"disputed": None, "disputed_since": None}
    update["paused_days"] = invoice.paused_days + held
    if e.outcome == "credited":
        update["closed_by"] = "credited"
    return _with_invoice(s, e.invoice_id, **update)


def _halted(s: Debtor, e: c.SupplyHalted) -> dict[str, Any]:
    return {"halt_id": e.halt_id, "halts": s.halts + 1, "done": s.done | {e.halt_id}}


def _resumed(s: Debtor, e: c.SupplyResumed) -> dict[str, Any]:
    return {"halt_id": None}


def _escalated(s: Debtor, e: c.EscalatedToAgency | c.EscalatedToLegal) -> dict[str, Any]:
    kind = "agency" if isinstance(e, c.EscalatedToAgency) else "legal"
    return {"escalated": kind}


def _task(s: Debtor, e: c.CollectorTaskRaised) -> dict[str, Any]:
    offered = _day(e) if e.task == "offer_payment_plan" else s.plan_offered_on
    return {"done": s.done | {e.task_id}, "plan_offered_on": offered}


def _demanded(s: Debtor, e: c.DemandIssued) -> dict[str, Any]:
    demand = Demand(
        demand_id=e.demand_id, request_id=e.request_id, issued_on=_day(e), invoice_ids=e.invoice_ids
    )
    return {"demand": demand, "done": s.done | {e.demand_id}}


def _delivered(s: Debtor, e: c.DemandDelivered) -> dict[str, Any]:
    invoices = dict(s.invoices)
    for invoice_id in e.invoice_ids:
        if invoice_id in invoices:
            invoices[invoice_id] = invoices[invoice_id].model_copy(
                update={"limitation_from": e.delivered_on}
            )
    demand = s.demand.model_copy(update={"delivered_on": e.delivered_on}) if s.demand else None
    return {"invoices": invoices, "demand": demand}


def _warned(s: Debtor, e: c.LimitationWarning) -> dict[str, Any]:
    return {"done": s.done | {f"limitation:{e.invoice_id}:{e.expires_on}"}}


_CHANGES: dict[type[Event], Callable[[Any, Any], dict[str, Any]]] = {
    c.DebtorRegistered: _registered,
    c.DunningLevelReached: _reached,
    c.DebtorCleared: _cleared,
    c.PolicyAssigned: _assigned,
    NotificationRequested: _requested,
    c.PromiseMade: _promised,
    c.PromisePartlyPaid: _partly,
    c.PromiseKept: _kept,
    c.PromiseBroken: _broken,
    c.PaymentPlanAgreed: _plan_agreed,
    c.InstalmentMissed: _plan_ended,
    c.PaymentPlanCompleted: _plan_ended,
    c.SettlementOffered: _offered,
    c.SettlementAccepted: _accepted,
    c.SettlementCompleted: _settled,
    c.InvoiceDisputed: _disputed,
    c.DisputeResolved: _dispute_resolved,
    c.SupplyHalted: _halted,
    c.SupplyResumed: _resumed,
    c.EscalatedToAgency: _escalated,
    c.EscalatedToLegal: _escalated,
    c.CollectorTaskRaised: _task,
    c.DemandIssued: _demanded,
    c.DemandDelivered: _delivered,
    c.LimitationWarning: _warned,
    c.DebtorClassified: lambda s, e: {"classification": e.classification},
    c.DebtorRated: lambda s, e: {"rating": e.rating},
    c.DebtorWrittenOff: lambda s, e: {"written_off": True, "promise": None, "plan": None},
}
