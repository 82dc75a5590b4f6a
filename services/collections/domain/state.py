"""``evolve``: the debtor after one of its own stored events. It never decides.

One case per event: invoice facts go to ``invoice_facts``; the dunning, promise, plan,
settlement, dispute and escalation events to ``changes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.collections.domain import changes
from services.collections.domain import events as ev
from services.collections.domain.invoice_facts import apply_invoice_fact
from services.collections.domain.model import (
    Debtor,
    DebtorStatus,
    TrackedInvoice,
)
from shared.contracts import Event
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested

__all__ = ["AGGREGATE_TYPE", "Debtor", "DebtorStatus", "TrackedInvoice", "evolve", "fold"]

AGGREGATE_TYPE = "debtor"


def initial(customer_id: str) -> Debtor:
    return Debtor(customer_id=customer_id)


def evolve(state: Debtor, event: Event) -> Debtor:
    """The debtor after one of its own events: one case per event (others change nothing)."""
    match event:
        case ev.DebtorInvoiceTracked():
            return apply_invoice_fact(state, event)
        case ev.DebtorPaymentApplied():
            return apply_invoice_fact(state, event)
        case ev.DebtorInvoiceClosed():
            return apply_invoice_fact(state, event)
        case ev.DebtorInvoiceOverdue():
            return apply_invoice_fact(state, event)
        case ev.DebtorInvoiceAdjusted():
            return apply_invoice_fact(state, event)
        case ev.DebtAcknowledged():
            return state.model_copy(update=acknowledged(state, event))
        case _:
            return state.model_copy(update=_change(state, event))


def _change(s: Debtor, e: Event) -> dict[str, Any]:
    match e:
        case ev.DebtorRegistered():
            return changes.registered(s, e)
        case c.DunningLevelReached():
            return changes.reached(s, e)
        case c.DebtorCleared():
            return changes.cleared(s, e)
        case ev.PolicyAssigned():
            return changes.assigned(s, e)
        case ev.PolicyMissing():
            return changes.policy_missing(s, e)
        case NotificationRequested():
            return changes.requested(s, e)
        case c.PromiseMade():
            return changes.promised(s, e)
        case c.PromisePartlyPaid():
            return changes.partly(s, e)
        case c.PromiseKept():
            return changes.kept(s, e)
        case c.PromiseBroken():
            return changes.broken(s, e)
        case c.PromiseSuperseded():
            return changes.superseded(s, e)
        case c.PaymentPlanAgreed():
            return changes.plan_agreed(s, e)
        case c.InstalmentMissed():
            return changes.plan_ended(s, e)
        case c.PaymentPlanCompleted():
            return changes.plan_ended(s, e)
        case c.SettlementOffered():
            return changes.offered(s, e)
        case c.SettlementAccepted():
            return changes.accepted(s, e)
        case c.SettlementCompleted():
            return changes.settled(s, e)
        case c.InvoiceDisputed():
            return changes.disputed(s, e)
        case c.DisputeResolved():
            return changes.dispute_resolved(s, e)
        case c.SupplyHalted():
            return changes.halted(s, e)
        case c.SupplyResumed():
            return {"halt_id": None}
        case c.EscalatedToAgency():
            return {"escalated": "agency"}
        case c.EscalatedToLegal():
            return {"escalated": "legal"}
        case c.CollectorTaskRaised():
            return changes.task(s, e)
        case c.CollectorTaskCompleted():
            return changes.task_completed(s, e)
        case c.CollectorTaskReassigned():
            return changes.task_reassigned(s, e)
        case c.ConversationRecorded():
            return changes.conversation(s, e)
        case c.DemandIssued():
            return changes.demanded(s, e)
        case c.DemandDelivered():
            return changes.delivered(s, e)
        case c.LimitationWarning():
            return {"done": s.done | {f"limitation:{e.invoice_id}:{e.expires_on}"}}
        case c.DebtorClassified():
            return {"classification": e.classification}
        case ev.DebtorRated():
            return {"rating": e.rating}
        case c.DebtorWrittenOff():
            return {"written_off": True, "promise": None, "plan": None}
        case _:
            return {}


def fold(state: Debtor, events: Sequence[Event]) -> Debtor:
    for event in events:
        state = evolve(state, event)
    return state


def acknowledged(s: Debtor, e: ev.DebtAcknowledged) -> dict[str, Any]:
    invoices = dict(s.invoices)
    for invoice_id in e.invoice_ids:
        if invoice_id in invoices:
            invoices[invoice_id] = invoices[invoice_id].model_copy(
                update={"limitation_from": e.acknowledged_on}
            )
    return {"invoices": invoices}
