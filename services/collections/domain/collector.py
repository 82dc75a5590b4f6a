"""What collectors record for a debtor: promises, plans, settlements, disputes, classification.

Each check says what it checks; a command repeated with the same id records nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import assert_never

from services.collections.domain import errors
from services.collections.domain.actions import Context, request, step_id
from services.collections.domain.commands import (
    AcceptSettlement,
    AgreePlan,
    ClassifyDebtor,
    DisputeInvoice,
    DunningCommand,
    MakePromise,
    OfferSettlement,
    ResolveDispute,
    WriteOff,
)
from services.collections.domain.model import Debtor
from services.collections.domain.policy import RULE_PLAN_AGREED, RULE_SETTLEMENT_OFFERED
from services.collections.domain.state import evolve, fold
from shared.contracts import Event, Money
from shared.contracts import collections as c
from shared.contracts.notifications import InstalmentRef, PromiseRef


def record_collector(debtor: Debtor, cmd: DunningCommand, ctx: Context) -> list[Event]:
    check_not_written_off(debtor)
    match cmd:
        case MakePromise():
            return make_promise(debtor, cmd, ctx)
        case AgreePlan():
            return agree_plan(debtor, cmd, ctx)
        case OfferSettlement():
            return offer_settlement(debtor, cmd, ctx)
        case AcceptSettlement():
            return accept_settlement(debtor, cmd, ctx)
        case DisputeInvoice():
            return dispute_invoice(debtor, cmd, ctx)
        case ResolveDispute():
            return resolve_dispute(debtor, cmd, ctx)
        case ClassifyDebtor():
            return classify(debtor, cmd, ctx)
        case WriteOff():
            return write_off(debtor, cmd, ctx)
        case _:
            assert_never(cmd)


def check_not_written_off(debtor: Debtor) -> None:
    if debtor.written_off:
        raise errors.DebtorWrittenOffAlready(f"debtor {debtor.customer_id} was written off")


def check_date_is_not_past(day: dt.date, ctx: Context, what: str) -> None:
    if day < ctx.today:
        raise errors.PromiseDateInPast(f"{what} falls due on {day}, before today ({ctx.today})")


def make_promise(debtor: Debtor, cmd: MakePromise, ctx: Context) -> list[Event]:
    if any(p.promise_id == cmd.promise_id for p in debtor.promises):
        return []
    check_date_is_not_past(cmd.due_on, ctx, "the promise")
    if debtor.promise is not None:
        raise errors.PromiseAlreadyPending(f"promise {debtor.promise.promise_id} is pending")
    if debtor.plan is not None:
        raise errors.PlanAlreadyRunning(f"plan {debtor.plan.plan_id} is running")
    made = ctx.event(
        c.PromiseMade,
        **cmd.model_dump(exclude={"customer_id"}),
        customer_id=debtor.customer_id,
        grace_days=ctx.policy.promises.grace_days,
    )
    ref = PromiseRef(promise_id=cmd.promise_id, amount=cmd.amount, due_on=cmd.due_on)
    after = evolve(debtor, made)
    if not ctx.standing(after).overdue() or after.escalated:
        return [made]  # no automated message once the file is with an agency / legal
    key = step_id(after, "promise_confirmation", cmd.promise_id)
    return [made, request(after, ctx, "promise.made", key, "promise_confirmation", ("email",),
                          promise=ref)]  # fmt: skip


def agree_plan(debtor: Debtor, cmd: AgreePlan, ctx: Context) -> list[Event]:
    if debtor.plan is not None and debtor.plan.plan_id == cmd.plan_id:
        return []
    if debtor.plan is not None:
        raise errors.PlanAlreadyRunning(f"plan {debtor.plan.plan_id} is running")
    check_plan_is_valid(cmd, ctx)
    if not ctx.standing(debtor).overdue():
        raise errors.NothingOverdue("a payment plan needs an overdue balance")
    instalments = tuple(
        c.Instalment(number=n, due_on=i.due_on, amount=i.amount)
        for n, i in enumerate(cmd.instalments, start=1)
    )
    agreed = ctx.event(
        c.PaymentPlanAgreed,
        plan_id=cmd.plan_id,
        customer_id=debtor.customer_id,
        kind=cmd.kind,
        instalments=instalments,
        invoice_ids=tuple(i.invoice_id for i in ctx.standing(debtor).overdue_invoices()),
        taken_by=cmd.taken_by,
        grace_days=ctx.policy.plans.grace_days,
        **ctx.provenance(RULE_PLAN_AGREED),
    )
    replaced = superseded_promise(debtor, cmd, ctx)
    after = evolve(fold(debtor, replaced), agreed)
    refs = tuple(
        InstalmentRef(number=i.number, due_on=i.due_on, amount=i.amount) for i in instalments
    )
    key = step_id(after, "payment_plan_schedule", cmd.plan_id)
    if not ctx.standing(after).overdue():
        return [*replaced, agreed]
    total = Money(amount=after.plan.total, currency=after.plan.currency) if after.plan else None
    return [*replaced, agreed, request(after, ctx, RULE_PLAN_AGREED, key,
                                       "payment_plan_schedule", ("email",), instalments=refs,
                                       plan_total=total)]  # fmt: skip


def superseded_promise(debtor: Debtor, cmd: AgreePlan, ctx: Context) -> list[Event]:
    """A plan replaces the pending promise: recorded, never dropped silently."""
    if debtor.promise is None:
        return []
    return [
        ctx.event(c.PromiseSuperseded, promise_id=debtor.promise.promise_id,
                  customer_id=debtor.customer_id, plan_id=cmd.plan_id,
                  **ctx.provenance(RULE_PLAN_AGREED))
    ]  # fmt: skip


def check_plan_is_valid(cmd: AgreePlan, ctx: Context) -> None:
    dates = [i.due_on for i in cmd.instalments]
    currencies = {i.amount.currency for i in cmd.instalments}
    problems = []
    if dates != sorted(set(dates)):
        problems.append("instalment dates must be distinct and in order")
    if len(currencies) != 1:
        problems.append("instalments must be in one currency")
    if len(dates) > ctx.policy.plans.max_instalments:
        problems.append(f"at most {ctx.policy.plans.max_instalments} instalments")
    if cmd.kind == "deferral" and len(dates) != 1:
        problems.append("a deferral has exactly one date")
    if problems:
        raise errors.PlanNotValid("; ".join(problems))
    check_date_is_not_past(dates[0], ctx, "the first instalment")


def offer_settlement(debtor: Debtor, cmd: OfferSettlement, ctx: Context) -> list[Event]:
    if debtor.offer is not None and debtor.offer.offer_id == cmd.offer_id:
        return []
    check_date_is_not_past(cmd.valid_until, ctx, "the offer")
    currency = cmd.discount.currency
    invoices = ctx.standing(debtor).overdue_invoices(currency)
    overdue = sum((i.outstanding for i in invoices), Decimal(0))
    if overdue <= 0:
        raise errors.NothingOverdue(f"nothing overdue in {currency}")
    allowed = overdue * ctx.policy.settlements.max_discount_share
    if cmd.discount.amount > allowed:
        raise errors.DiscountTooLarge(f"{cmd.discount} exceeds the allowed {allowed} {currency}")
    return [
        ctx.event(
            c.SettlementOffered,
            offer_id=cmd.offer_id,
            customer_id=debtor.customer_id,
            invoice_ids=tuple(i.invoice_id for i in invoices),
            pay=Money(amount=overdue - cmd.discount.amount, currency=currency),
            discount=cmd.discount,
            valid_until=cmd.valid_until,
            offered_by=cmd.offered_by,
            **ctx.provenance(RULE_SETTLEMENT_OFFERED),
        )
    ]


def accept_settlement(debtor: Debtor, cmd: AcceptSettlement, ctx: Context) -> list[Event]:
    offer = debtor.offer
    if offer is None or offer.offer_id != cmd.offer_id or ctx.today > offer.valid_until:
        raise errors.UnknownOffer(f"no open offer {cmd.offer_id}")
    if offer.accepted:
        return []
    return [ctx.event(c.SettlementAccepted, **cmd.model_dump())]


def dispute_invoice(debtor: Debtor, cmd: DisputeInvoice, ctx: Context) -> list[Event]:
    invoice = debtor.invoice(cmd.invoice_id)
    if invoice is None or not invoice.owing:
        raise errors.UnknownInvoice(f"no invoice {cmd.invoice_id} owing")
    if invoice.disputed:
        if invoice.disputed == cmd.reason:
            return []
        raise errors.AlreadyDisputed(f"invoice {cmd.invoice_id} is disputed ({invoice.disputed})")
    return [ctx.event(c.InvoiceDisputed, **cmd.model_dump(), raised_on=ctx.today)]


def resolve_dispute(debtor: Debtor, cmd: ResolveDispute, ctx: Context) -> list[Event]:
    invoice = debtor.invoice(cmd.invoice_id)
    if invoice is None or not invoice.disputed:
        raise errors.NotDisputed(f"invoice {cmd.invoice_id} has no open dispute")
    return [ctx.event(c.DisputeResolved, **cmd.model_dump(), resolved_on=ctx.today)]


def classify(debtor: Debtor, cmd: ClassifyDebtor, ctx: Context) -> list[Event]:
    if debtor.classification == cmd.classification:
        return []
    return [ctx.event(c.DebtorClassified, **cmd.model_dump())]


def write_off(debtor: Debtor, cmd: WriteOff, ctx: Context) -> list[Event]:
    amounts = tuple(
        Money(amount=a, currency=cur) for cur, a in debtor.outstanding_by_currency().items()
    )
    return [ctx.event(c.DebtorWrittenOff, **cmd.model_dump(), amounts=amounts)]
