"""Builders for analytics facts: short to write out in a worked example."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.analytics.domain.facts import (
    AdjustmentReason,
    DebtorAssigned,
    Dimension,
    DisputeRaised,
    DisputeResolved,
    DueDateChanged,
    DunningStepTaken,
    HandedOver,
    InvoiceAdjusted,
    InvoiceIssued,
    MessageSent,
    PaymentApplied,
    PaymentReversed,
    PlanAgreed,
    PlanEnded,
    PromiseMade,
    PromiseResolved,
)
from shared.contracts.money import Money

d = dt.date


def money(amount: str | int, currency: str = "CNY") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def issue(
    invoice_id: str,
    amount: str | int,
    issued: dt.date,
    due: dt.date,
    customer: str = "C-1",
    currency: str = "CNY",
) -> InvoiceIssued:
    return InvoiceIssued(
        fact_id=f"issue/{invoice_id}",
        invoice_id=invoice_id,
        customer_id=customer,
        amount=money(amount, currency),
        issue_date=issued,
        due_date=due,
    )


def pay(
    invoice_id: str, amount: str | int, on: dt.date, payment: str = "", currency: str = "CNY"
) -> PaymentApplied:
    payment = payment or f"P-{invoice_id}-{on}-{amount}"
    return PaymentApplied(
        fact_id=f"pay/{payment}/{invoice_id}",
        payment_id=payment,
        invoice_id=invoice_id,
        amount=money(amount, currency),
        value_date=on,
    )


def bounce(paid: PaymentApplied, on: dt.date) -> PaymentReversed:
    return PaymentReversed(
        fact_id=f"reverse/{paid.payment_id}/{paid.invoice_id}",
        payment_id=paid.payment_id,
        invoice_id=paid.invoice_id,
        effective_on=on,
    )


def adjust(
    invoice_id: str,
    amount: str | int,
    on: dt.date,
    reason: AdjustmentReason = "credit_note",
    currency: str = "CNY",
) -> InvoiceAdjusted:
    return InvoiceAdjusted(
        fact_id=f"{reason}/{invoice_id}/{on}/{amount}",
        invoice_id=invoice_id,
        reason=reason,
        amount=money(amount, currency),
        effective_on=on,
    )


def move_due(invoice_id: str, due: dt.date, on: dt.date) -> DueDateChanged:
    return DueDateChanged(
        fact_id=f"due/{invoice_id}/{on}", invoice_id=invoice_id, due_date=due, effective_on=on
    )


def assign(customer: str, dimension: Dimension, value: str, on: dt.date) -> DebtorAssigned:
    return DebtorAssigned(
        fact_id=f"assign/{customer}/{dimension}/{on}",
        customer_id=customer,
        dimension=dimension,
        value=value,
        effective_on=on,
    )


def step(
    customer: str, level: int, on: dt.date, invoices: tuple[str, ...] = ()
) -> DunningStepTaken:
    return DunningStepTaken(
        fact_id=f"step/{customer}/{level}/{on}",
        customer_id=customer,
        level=level,
        taken_on=on,
        invoice_ids=invoices,
    )


def sent(customer: str, template: str, version: str, channel: str, at: dt.datetime) -> MessageSent:
    return MessageSent(
        fact_id=f"sent/{customer}/{template}/{channel}/{at.isoformat()}",
        customer_id=customer,
        template=template,
        template_version=version,
        channel=channel,
        sent_at=at,
    )


def hand_over(
    customer: str, on: dt.date, to: str = "agency", invoices: tuple[str, ...] = ()
) -> HandedOver:
    return HandedOver.model_validate(
        {
            "fact_id": f"handover/{customer}/{to}/{on}",
            "customer_id": customer,
            "to": to,
            "on": on,
            "invoice_ids": invoices,
        }
    )


def promise(
    promise_id: str, made: dt.date, due: dt.date, by: str = "li", customer: str = "C-1"
) -> PromiseMade:
    return PromiseMade(
        fact_id=f"promise/{promise_id}",
        promise_id=promise_id,
        customer_id=customer,
        amount=money(100),
        made_on=made,
        due_on=due,
        taken_by=by,
    )


def promise_outcome(promise_id: str, outcome: str, on: dt.date) -> PromiseResolved:
    return PromiseResolved.model_validate(
        {"fact_id": f"outcome/{promise_id}", "promise_id": promise_id, "outcome": outcome, "on": on}
    )


def plan(plan_id: str, agreed: dt.date, by: str = "li", customer: str = "C-1") -> PlanAgreed:
    return PlanAgreed(
        fact_id=f"plan/{plan_id}",
        plan_id=plan_id,
        customer_id=customer,
        agreed_on=agreed,
        taken_by=by,
    )


def plan_end(plan_id: str, outcome: str, on: dt.date) -> PlanEnded:
    return PlanEnded.model_validate(
        {"fact_id": f"end/{plan_id}", "plan_id": plan_id, "outcome": outcome, "on": on}
    )


def dispute(invoice_id: str, on: dt.date, customer: str = "C-1") -> DisputeRaised:
    return DisputeRaised(
        fact_id=f"dispute/{invoice_id}/{on}",
        invoice_id=invoice_id,
        customer_id=customer,
        raised_on=on,
        reason="quality",
    )


def resolve(invoice_id: str, on: dt.date, by: str | None = "li") -> DisputeResolved:
    return DisputeResolved(
        fact_id=f"resolved/{invoice_id}/{on}",
        invoice_id=invoice_id,
        resolved_on=on,
        outcome="upheld",
        resolved_by=by,
    )
