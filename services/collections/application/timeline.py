"""One line per debtor event for people to read: ids, amounts, dates and rules, no PII."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from services.collections.domain import events as ev
from services.collections.domain.events import (
    DebtAcknowledged,
    DebtorInvoiceAdjusted,
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
    DebtorRegistered,
)
from services.collections.domain.policy import RULE_POLICY_DEFAULT
from shared.contracts import Event
from shared.contracts import collections as c
from shared.contracts.collections import DebtorCleared, DunningLevelReached
from shared.contracts.notifications import NotificationRequested


def _registered(e: DebtorRegistered) -> str:
    return f"registered: jurisdiction {e.jurisdiction}, currency {e.currency}, segment {e.segment}"


def _tracked(e: DebtorInvoiceTracked) -> str:
    return f"invoice {e.external_number} tracked: {e.amount} due {e.due_date}"


def _paid(e: DebtorPaymentApplied) -> str:
    return (
        f"payment {e.payment_id} of {e.amount} on invoice {e.invoice_id}; "
        f"{e.outstanding} outstanding"
    )


def _closed(e: DebtorInvoiceClosed) -> str:
    return f"invoice {e.invoice_id} settled on {e.settled_on}"


def _adjusted(e: DebtorInvoiceAdjusted) -> str:
    moved = f", due date now {e.due_date}" if e.due_date is not None else ""
    return f"invoice {e.invoice_id}: {e.cause}{moved}; {e.outstanding} outstanding"


def _overdue(e: DebtorInvoiceOverdue) -> str:
    return f"invoice {e.external_number} missed due date {e.due_date}; {e.outstanding} outstanding"


def _level(e: DunningLevelReached) -> str:
    return (
        f"level {e.level} ({e.state}), overdue {e.overdue}; "
        f"rule {e.rule}, policy {e.policy_version}"
    )


def _cleared(e: DebtorCleared) -> str:
    back = "back to current" if e.resolution == "paid" else f"resolved ({e.resolution})"
    return f"cleared, {back}; rule {e.rule}, policy {e.policy_version}"


def _requested(e: NotificationRequested) -> str:
    return (
        f"{e.template} requested on {', '.join(e.channels)} for {len(e.invoices)} "
        f"invoice(s), {e.total_outstanding}"
    )


def _rule(e: Any) -> str:
    if not getattr(e, "rule", ""):
        return ""
    return f"; rule {e.rule}, policy {e.policy_version or '(none)'}"


_MORE: dict[type[Event], Callable[[Any], str]] = {
    ev.PolicyAssigned: lambda e: (
        f"policy {e.policy_id} {e.policy_version} in force"
        + (
            ", the configured default (no policy names the jurisdiction)"
            if e.rule == RULE_POLICY_DEFAULT
            else ""
        )
    ),
    c.PromiseMade: lambda e: (
        f"promise {e.promise_id}: {e.amount} by {e.due_on} ({e.channel}, {e.taken_by})"
    ),
    c.PromisePartlyPaid: lambda e: f"promise {e.promise_id}: {e.paid} paid, {e.remaining} to go",
    c.PromiseKept: lambda e: f"promise {e.promise_id} kept",
    c.PromiseBroken: lambda e: f"promise {e.promise_id} broken, {e.shortfall} short{_rule(e)}",
    c.PromiseSuperseded: lambda e: (
        f"promise {e.promise_id} superseded by plan {e.plan_id}{_rule(e)}"
    ),
    ev.PolicyMissing: lambda e: f"no dunning policy: {e.reason}; dunning holds",
    c.PaymentPlanAgreed: lambda e: (
        f"{e.kind} plan {e.plan_id}: {len(e.instalments)} instalment(s){_rule(e)}"
    ),
    c.InstalmentMissed: lambda e: (
        f"instalment {e.number} of plan {e.plan_id} missed, {e.shortfall} short"
    ),
    c.PaymentPlanCompleted: lambda e: f"plan {e.plan_id} completed",
    c.SettlementOffered: lambda e: (
        f"settlement {e.offer_id}: pay {e.pay} by {e.valid_until}, {e.discount} off"
    ),
    c.SettlementAccepted: lambda e: f"settlement {e.offer_id} accepted",
    c.SettlementCompleted: lambda e: (
        f"settlement {e.offer_id} paid {e.paid}, discount {e.discount}"
    ),
    c.InvoiceDisputed: lambda e: f"invoice {e.invoice_id} disputed ({e.reason}), set aside",
    c.DisputeResolved: lambda e: f"dispute on {e.invoice_id} resolved: {e.outcome}",
    c.SupplyHalted: lambda e: f"supply halted ({e.reason}), {e.overdue} overdue{_rule(e)}",
    c.SupplyResumed: lambda e: f"supply resumed ({e.reason}){_rule(e)}",
    c.DebtorClassified: lambda e: f"classified {e.classification} by {e.classified_by}",
    c.EscalatedToAgency: lambda e: f"handed to an agency, {e.overdue}{_rule(e)}",
    c.EscalatedToLegal: lambda e: f"handed to legal, {e.overdue}{_rule(e)}",
    c.CollectorTaskRaised: lambda e: f"task {e.task} for {e.assignee} by {e.due_on}{_rule(e)}",
    c.CollectorTaskCompleted: lambda e: (
        f"task {e.task} ({e.task_id}) completed by {e.completed_by}"
    ),
    c.CollectorTaskReassigned: lambda e: (
        f"task {e.task} ({e.task_id}) reassigned from {e.previous_assignee} to {e.assignee}"
        f" by {e.reassigned_by}"
    ),
    c.ConversationRecorded: lambda e: (
        f"{e.channel} {e.held_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC:"
        f" {e.outcome.replace('_', ' ')} ({e.recorded_by})"
    ),
    c.DemandIssued: lambda e: f"formal demand, {e.overdue}, reply by {e.reply_by}{_rule(e)}",
    c.DemandDelivered: lambda e: f"formal demand delivered on {e.delivered_on}",
    c.LimitationWarning: lambda e: f"limitation of {e.invoice_id} ends {e.expires_on}",
    ev.DebtorRated: lambda e: f"credit rating {e.rating}",
    c.DebtorWrittenOff: lambda e: f"written off by {e.written_off_by}",
}

_SUMMARIES: dict[type[Event], Callable[[Any], str]] = {
    **_MORE,
    DebtorRegistered: _registered,
    DebtorInvoiceTracked: _tracked,
    DebtorPaymentApplied: _paid,
    DebtorInvoiceClosed: _closed,
    DebtorInvoiceAdjusted: _adjusted,
    DebtAcknowledged: lambda e: (
        f"statement {e.statement_id} confirmed on {e.acknowledged_on}: "
        f"limitation restarted for {', '.join(e.invoice_ids)}"
    ),
    DebtorInvoiceOverdue: _overdue,
    DunningLevelReached: _level,
    DebtorCleared: _cleared,
    NotificationRequested: _requested,
}


def summary(event: Event) -> str:
    """A short, PII-free description of one of the debtor's events."""
    describe = _SUMMARIES.get(type(event))
    return describe(event) if describe else event.type
