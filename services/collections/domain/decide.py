"""The debtor's decisions: record what a command tells, then let the policy's rules react.

``decide`` is pure. Facts about one invoice may arrive in any order and more than once:
of two facts, the one with the later invoicing version decides the outstanding balance;
a payment is booked once per payment id; an invoice is missed at most once. A repeated
command therefore records nothing, and rules that already fired fire no more.
"""

from __future__ import annotations

from collections.abc import Callable

from services.collections.domain.actions import Context
from services.collections.domain.book import PolicyBook
from services.collections.domain.collector import record_collector
from services.collections.domain.commands import (
    ApplyPayment,
    CloseInvoice,
    Command,
    RecordDemandDelivered,
    RecordMissedPayment,
    RecordRating,
    RegisterDebtor,
    ResolveDispute,
    Review,
    TrackInvoice,
)
from services.collections.domain.errors import CommandForAnotherDebtor, InvoiceCurrencyMismatch
from services.collections.domain.review import review_timer, review_timer_id
from services.collections.domain.rules import assess
from services.collections.domain.standing import business_day
from services.collections.domain.state import Debtor, TrackedInvoice, fold
from shared.contracts import Event, Money
from shared.contracts.collections import (
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
    DebtorRated,
    DebtorRegistered,
    DemandDelivered,
)
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision

Decide = Callable[[Debtor, Stamp], Decision]
REASSESSING = (ApplyPayment, CloseInvoice, ResolveDispute)


def decide(state: Debtor, cmd: Command, stamp: Stamp, book: PolicyBook) -> Decision:
    """The events ``cmd`` leads to for this debtor: recorded facts, then the policy's rules,
    and the durable timer that looks at the debtor again when something next falls due."""
    check_command_names_this_debtor(state, cmd)
    ctx = context(state, stamp, book, reassess=isinstance(cmd, REASSESSING))
    facts = record(state, cmd, ctx)
    after = fold(state, facts)
    ctx = context(after, stamp, book, reassess=ctx.reassess)
    events = [*facts, *assess(after, ctx)]
    final = fold(after, events[len(facts) :])
    timer = review_timer(final, ctx)
    if timer is None:
        return Decision(events=events, cancel=[review_timer_id(state.customer_id)])
    return Decision(events=events, schedule=[timer])


def deciding(cmd: Command, book: PolicyBook) -> Decide:
    """``decide`` for one command, in the shape ``Repository.execute`` runs."""
    return lambda state, stamp: decide(state, cmd, stamp, book)


def context(state: Debtor, stamp: Stamp, book: PolicyBook, reassess: bool = False) -> Context:
    day = stamp.now.date()
    policy = book.for_debtor(state.customer_id, state.segment, state.jurisdiction, day)
    today = business_day(stamp.now, policy)
    if today != day:
        policy = book.for_debtor(state.customer_id, state.segment, state.jurisdiction, today)
    return Context(stamp, policy, today, reassess)


def record(state: Debtor, cmd: Command, ctx: Context) -> list[Event]:
    stamp = ctx.stamp
    match cmd:
        case RegisterDebtor():
            return register_debtor(state, cmd, stamp)
        case TrackInvoice():
            return track_invoice(state, cmd, stamp)
        case ApplyPayment():
            return apply_payment(state, cmd, stamp)
        case CloseInvoice():
            return close_invoice(state, cmd, stamp)
        case RecordMissedPayment():
            return record_missed_payment(state, cmd, stamp)
        case RecordRating():
            return (
                [] if state.rating == cmd.rating else [stamp.make(DebtorRated, **cmd.model_dump())]
            )
        case RecordDemandDelivered():
            return demand_delivered(state, cmd, stamp)
        case Review():
            return []
        case _:
            return record_collector(state, cmd, ctx)


def demand_delivered(state: Debtor, cmd: RecordDemandDelivered, stamp: Stamp) -> list[Event]:
    demand = state.demand
    if demand is None or demand.request_id != cmd.request_id or demand.delivered_on:
        return []
    return [
        stamp.make(
            DemandDelivered,
            demand_id=demand.demand_id,
            customer_id=state.customer_id,
            delivered_on=cmd.delivered_on,
            invoice_ids=demand.invoice_ids,
        )
    ]


def register_debtor(state: Debtor, cmd: RegisterDebtor, stamp: Stamp) -> list[Event]:
    known = (state.jurisdiction, state.currency, state.segment)
    if known == (cmd.jurisdiction, cmd.currency, cmd.segment):
        return []
    return [stamp.make(DebtorRegistered, **cmd.model_dump())]


def track_invoice(state: Debtor, cmd: TrackInvoice, stamp: Stamp) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and known.issued:
        return []
    check_invoice_keeps_its_currency(known, cmd.amount)
    return [
        stamp.make(
            DebtorInvoiceTracked,
            **cmd.model_dump(),
            outstanding=newest_balance(known, cmd.invoice_version, cmd.amount),
        )
    ]


def apply_payment(state: Debtor, cmd: ApplyPayment, stamp: Stamp) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and cmd.payment_id in known.payments:
        return []
    check_invoice_keeps_its_currency(known, cmd.amount)
    check_invoice_keeps_its_currency(known, cmd.outstanding)
    outstanding = newest_balance(known, cmd.invoice_version, cmd.outstanding)
    return [stamp.make(DebtorPaymentApplied, **{**cmd.model_dump(), "outstanding": outstanding})]


def close_invoice(state: Debtor, cmd: CloseInvoice, stamp: Stamp) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and not known.is_newer(cmd.invoice_version):
        return []
    return [stamp.make(DebtorInvoiceClosed, **cmd.model_dump())]


def record_missed_payment(state: Debtor, cmd: RecordMissedPayment, stamp: Stamp) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and known.missed:
        return []
    check_invoice_keeps_its_currency(known, cmd.outstanding)
    outstanding = newest_balance(known, cmd.invoice_version, cmd.outstanding)
    return [stamp.make(DebtorInvoiceOverdue, **{**cmd.model_dump(), "outstanding": outstanding})]


def newest_balance(known: TrackedInvoice | None, invoice_version: int, reported: Money) -> Money:
    """``reported`` if this fact is the newest about the invoice, else the balance we hold."""
    if known is None or known.is_newer(invoice_version):
        return reported
    return Money(amount=known.outstanding, currency=reported.currency)


def check_command_names_this_debtor(state: Debtor, cmd: Command) -> None:
    if cmd.customer_id != state.customer_id:
        raise CommandForAnotherDebtor(
            f"a command for debtor {cmd.customer_id} reached debtor {state.customer_id}"
        )


def check_invoice_keeps_its_currency(known: TrackedInvoice | None, money: Money) -> None:
    if known is not None and known.currency is not None and known.currency != money.currency:
        raise InvoiceCurrencyMismatch(
            f"invoice {known.invoice_id} is in {known.currency}, a fact about it in "
            f"{money.currency}"
        )
