"""Which analytics facts an integration event tells, and on which business day.

The read side follows the outbound streams of invoicing, collections, notifications and
customers; each event maps to zero or more facts whose ``fact_id`` derives from the
event's id (so a redelivered event folds nothing new). Facts stamped by a moment
(``occurred_at``) take the business day of that moment in the business time zone; facts
that name their own day (an issue date, a value date, a dispute's day) keep it.

Invoicing, the ledger of record, publishes every change of an invoice's balance (credit
notes, write-offs, reversed payments, due-date corrections); collections' settlement and
write-off events name amounts per currency, not per invoice, and are not folded (invoicing
posts their effect per invoice). A cancellation names no amount: it takes what was left on
the invoice (docs/metrics.md, "What the read side knows").
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.analytics.domain import facts as f
from shared.contracts import Event
from shared.contracts import collections as c
from shared.contracts import customers as cu
from shared.contracts import invoicing as inv
from shared.contracts import notifications as n

FOLLOWED = ("invoicing", "collections", "notifications", "customers")
"""The producers whose outbound streams analytics follows."""


def subject_of(event: Event) -> str:
    """The debtor an event is about (every followed family names its customer)."""
    return str(getattr(event, "customer_id", event.aggregate_id))


def facts_of(event: Event, zone: ZoneInfo) -> list[f.Fact]:
    """The facts ``event`` tells; empty when it tells analytics nothing."""
    fid = str(event.event_id)
    day = event.occurred_at.astimezone(zone).date()
    match event:
        case inv.InvoiceIssued():
            return [
                f.InvoiceIssued(
                    fact_id=fid,
                    invoice_id=event.invoice_id,
                    customer_id=event.customer_id,
                    amount=event.amount,
                    issue_date=event.issue_date,
                    due_date=event.due_date,
                )
            ]
        case inv.PaymentReceived():
            return [
                f.PaymentApplied(
                    fact_id=fid,
                    payment_id=event.payment_id,
                    invoice_id=event.invoice_id,
                    amount=event.amount,
                    value_date=event.value_date,
                )
            ]
        case inv.InvoiceCredited() | inv.InvoiceWrittenOff():
            return [_adjusted(fid, event)]
        case inv.InvoiceCancelled():
            return [
                f.InvoiceCancelled(
                    fact_id=fid, invoice_id=event.invoice_id, effective_on=event.cancelled_on
                )
            ]
        case inv.PaymentReversed():
            return [
                f.PaymentReversed(
                    fact_id=fid,
                    payment_id=event.payment_id,
                    invoice_id=event.invoice_id,
                    effective_on=event.reversed_on,
                )
            ]
        case inv.InvoiceDueDateChanged():
            return [
                f.DueDateChanged(
                    fact_id=fid,
                    invoice_id=event.invoice_id,
                    due_date=event.due_date,
                    effective_on=event.changed_on,
                )
            ]
        case cu.CustomerRegistered() if event.segment:
            return [_assigned(fid, event.customer_id, "segment", event.segment, day)]
        case c.CollectorTaskRaised() | c.CollectorTaskReassigned() if event.assignee:
            return [_assigned(fid, event.customer_id, "collector", event.assignee, day)]
        case c.DunningLevelReached():
            return [
                f.DunningStepTaken(
                    fact_id=fid, customer_id=event.customer_id, level=event.level, taken_on=day
                )
            ]
        case n.NotificationSent():
            return [
                f.MessageSent(
                    fact_id=fid,
                    customer_id=event.customer_id,
                    template=_code(event.template),
                    template_version=_code(event.template_version),
                    channel=event.channel,
                    sent_at=event.sent_at,
                )
            ]
        case c.EscalatedToAgency() | c.EscalatedToLegal():
            to = "agency" if isinstance(event, c.EscalatedToAgency) else "legal"
            return [f.HandedOver(fact_id=fid, customer_id=event.customer_id, to=to, on=day)]
        case _:
            return _casework(event, fid, day)


def _casework(event: Event, fid: str, day: dt.date) -> list[f.Fact]:
    match event:
        case c.PromiseMade():
            return [
                f.PromiseMade(
                    fact_id=fid,
                    promise_id=event.promise_id,
                    customer_id=event.customer_id,
                    amount=event.amount,
                    made_on=day,
                    due_on=event.due_on,
                    taken_by=_code(event.taken_by),
                )
            ]
        case c.PromiseKept() | c.PromiseBroken():
            outcome = "kept" if isinstance(event, c.PromiseKept) else "broken"
            return [
                f.PromiseResolved(fact_id=fid, promise_id=event.promise_id, outcome=outcome, on=day)
            ]
        case c.PaymentPlanAgreed():
            return [
                f.PlanAgreed(
                    fact_id=fid,
                    plan_id=event.plan_id,
                    customer_id=event.customer_id,
                    agreed_on=day,
                    taken_by=_code(event.taken_by),
                )
            ]
        case c.PaymentPlanCompleted() | c.InstalmentMissed():
            ended = "completed" if isinstance(event, c.PaymentPlanCompleted) else "broken"
            return [f.PlanEnded(fact_id=fid, plan_id=event.plan_id, outcome=ended, on=day)]
        case c.InvoiceDisputed():
            return [
                f.DisputeRaised(
                    fact_id=fid,
                    invoice_id=event.invoice_id,
                    customer_id=event.customer_id,
                    raised_on=event.raised_on or day,
                    reason=event.reason,
                )
            ]
        case c.DisputeResolved():
            outcome = "credited" if event.outcome == "credited" else "upheld"
            return [
                f.DisputeResolved(
                    fact_id=fid,
                    invoice_id=event.invoice_id,
                    resolved_on=event.resolved_on or day,
                    outcome=outcome,
                    resolved_by=event.resolved_by or None,
                )
            ]
    return []


def _adjusted(fid: str, event: inv.InvoiceCredited | inv.InvoiceWrittenOff) -> f.InvoiceAdjusted:
    credited = isinstance(event, inv.InvoiceCredited)
    return f.InvoiceAdjusted(
        fact_id=fid,
        invoice_id=event.invoice_id,
        amount=event.amount,
        reason="credit_note" if credited else "write_off",
        effective_on=event.issued_on
        if isinstance(event, inv.InvoiceCredited)
        else event.written_off_on,
    )


def _code(value: str) -> str:
    """A code a fact needs but the event left empty: shown as "-" (never refused)."""
    return value[:64] or "-"


def _assigned(
    fid: str, customer_id: str, dimension: f.Dimension, value: str, day: dt.date
) -> f.DebtorAssigned:
    return f.DebtorAssigned(
        fact_id=fid, customer_id=customer_id, dimension=dimension, value=value, effective_on=day
    )
