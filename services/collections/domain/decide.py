"""The debtor's decisions: record what a command tells, then let the policy's rules react.

``decide(state, command, now, book) -> Decision`` is pure (``book``: the policy book).
Facts about one invoice may arrive in any order and more than once:
of two facts, the one with the later invoicing version decides the outstanding balance;
a payment is booked once per payment id; an invoice is missed at most once. A repeated
command therefore records nothing, and rules that already fired fire no more.

A recorded event takes the command's fields as they are (``fields_of(cmd)``: its money and
dates are frozen values, shared rather than dumped and validated again).
"""

from __future__ import annotations

import datetime as dt

from services.collections.domain.actions import Context, task
from services.collections.domain.book import PolicyBook
from services.collections.domain.casework import record_casework
from services.collections.domain.collector import record_collector
from services.collections.domain.commands import (
    AcknowledgeDebt,
    AdjustInvoice,
    ApplyPayment,
    CloseInvoice,
    Command,
    CompleteTask,
    ReassignTask,
    RecordConversation,
    RecordDemandDelivered,
    RecordMissedPayment,
    RecordRating,
    RecordWordingRefused,
    RegisterDebtor,
    ResolveDispute,
    Review,
    TrackInvoice,
)
from services.collections.domain.errors import (
    CommandForAnotherDebtor,
    InvoiceCurrencyMismatch,
    NoDunningPolicy,
)
from services.collections.domain.events import (
    DebtAcknowledged,
    DebtorInvoiceAdjusted,
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
    DebtorRated,
    DebtorRegistered,
)
from services.collections.domain.in_force import context as context
from services.collections.domain.in_force import context_for, hold_without_policy
from services.collections.domain.review import review_timer, review_timer_id
from services.collections.domain.rules import assess
from services.collections.domain.state import Debtor, TrackedInvoice, fold
from shared.contracts import Event, Money
from shared.contracts.collections import DemandDelivered
from shared.kernel import Decision, new_event
from shared.kernel.copying import fields_of
from shared.kernel.ids import derived_id

REASSESSING = (ApplyPayment, CloseInvoice, AdjustInvoice, ResolveDispute)
RECORDED_WITHOUT_POLICY = (
    RegisterDebtor, TrackInvoice, ApplyPayment, CloseInvoice, AdjustInvoice, AcknowledgeDebt,
    RecordMissedPayment, RecordRating, RecordDemandDelivered, Review, CompleteTask,
    ReassignTask, RecordConversation,
)  # fmt: skip
"""Commands whose facts ``record`` takes without the policy (it looks up none for them)."""


def decide(state: Debtor, cmd: Command, now: dt.datetime, book: PolicyBook) -> Decision:
    """The events ``cmd`` leads to for this debtor: recorded facts, then the policy's rules,
    and the durable timer that looks at the debtor again when something next falls due.

    A debtor no policy applies to (see ``PolicyBook``) has its facts recorded and its
    dunning held: ``PolicyMissing`` and a collector task, once, and no review timer."""
    check_command_names_this_debtor(state, cmd)
    before = None if isinstance(cmd, RECORDED_WITHOUT_POLICY) else context_for(state, now, book)
    facts = record(state, cmd, now, before)
    after = fold(state, facts)
    # Only a new fact may lower the level: a redelivered one records nothing, and so
    # decides nothing a review would not.
    ctx = context_for(after, now, book, reassess=isinstance(cmd, REASSESSING) and bool(facts))
    if ctx is None:
        events = [*facts, *hold_without_policy(after, now, book)]
        return Decision(events=events, cancel=[review_timer_id(state.customer_id)])
    assessed, final = assess(after, ctx)
    events = [*facts, *assessed]
    timer = review_timer(final, ctx)
    # ``final`` is the stored events' fold: evolve reads no envelope field (held by the
    # unit tests' History, which compares the two after every decision).
    if timer is None:
        return Decision(events=events, cancel=[review_timer_id(state.customer_id)], state=final)
    return Decision(events=events, schedule=[timer], state=final)


def record(state: Debtor, cmd: Command, now: dt.datetime, ctx: Context | None) -> list[Event]:
    match cmd:
        case RegisterDebtor():
            return register_debtor(state, cmd, now)
        case TrackInvoice():
            return track_invoice(state, cmd, now)
        case ApplyPayment():
            return apply_payment(state, cmd, now)
        case CloseInvoice():
            return close_invoice(state, cmd, now)
        case AdjustInvoice():
            return adjust_invoice(state, cmd, now)
        case AcknowledgeDebt():
            return acknowledge_debt(state, cmd, now)
        case RecordMissedPayment():
            return record_missed_payment(state, cmd, now)
        case RecordRating():
            return record_rating(state, cmd, now)
        case RecordDemandDelivered():
            return demand_delivered(state, cmd, now)
        case RecordWordingRefused():  # no policy, no dunning message: nothing to review
            return [wording_task(state, cmd, ctx)] if ctx is not None else []
        case Review():
            return []
        case CompleteTask() | ReassignTask() | RecordConversation():
            return record_casework(state, cmd, now)
        case _:
            return record_collector(state, cmd, check_a_policy_applies(state, ctx))


def check_a_policy_applies(state: Debtor, ctx: Context | None) -> Context:
    if ctx is None:
        raise NoDunningPolicy(
            f"no dunning policy applies to debtor {state.customer_id} (jurisdiction "
            f"{state.jurisdiction}) and no default policy is configured"
        )
    return ctx


RULE_WORDING_REFUSED = "notifications.wording_refused"


def wording_task(state: Debtor, cmd: RecordWordingRefused, ctx: Context) -> Event:
    """A collector checks the contact's name or the text a message was refused for (R5)."""
    task_id = str(derived_id("collections", "wording", cmd.request_id, cmd.channel))
    return task(state, ctx, RULE_WORDING_REFUSED, task_id, "review_refused_message", 1,
                "collections-team")  # fmt: skip


def record_rating(state: Debtor, cmd: RecordRating, now: dt.datetime) -> list[Event]:
    if state.rating == cmd.rating:
        return []
    return [new_event(DebtorRated, now, **fields_of(cmd))]


def demand_delivered(state: Debtor, cmd: RecordDemandDelivered, now: dt.datetime) -> list[Event]:
    demand = state.demand
    if demand is None or demand.request_id != cmd.request_id or demand.delivered_on:
        return []
    return [
        new_event(
            DemandDelivered,
            now,
            demand_id=demand.demand_id,
            customer_id=state.customer_id,
            delivered_on=cmd.delivered_on,
            invoice_ids=demand.invoice_ids,
        )
    ]


def register_debtor(state: Debtor, cmd: RegisterDebtor, now: dt.datetime) -> list[Event]:
    known = (state.jurisdiction, state.currency, state.segment)
    if known == (cmd.jurisdiction, cmd.currency, cmd.segment):
        return []
    return [new_event(DebtorRegistered, now, **fields_of(cmd))]


def track_invoice(state: Debtor, cmd: TrackInvoice, now: dt.datetime) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and known.issued:
        return []
    check_invoice_keeps_its_currency(known, cmd.amount)
    return [
        new_event(
            DebtorInvoiceTracked,
            now,
            **fields_of(cmd),
            outstanding=newest_balance(known, cmd.invoice_version, cmd.amount),
        )
    ]


def apply_payment(state: Debtor, cmd: ApplyPayment, now: dt.datetime) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and cmd.payment_id in known.payments:
        return []
    check_invoice_keeps_its_currency(known, cmd.amount)
    check_invoice_keeps_its_currency(known, cmd.outstanding)
    outstanding = newest_balance(known, cmd.invoice_version, cmd.outstanding)
    return [new_event(DebtorPaymentApplied, now, **{**fields_of(cmd), "outstanding": outstanding})]


def close_invoice(state: Debtor, cmd: CloseInvoice, now: dt.datetime) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and not known.is_newer(cmd.invoice_version):
        return []
    return [new_event(DebtorInvoiceClosed, now, **fields_of(cmd))]


def adjust_invoice(state: Debtor, cmd: AdjustInvoice, now: dt.datetime) -> list[Event]:
    """Take invoicing's newer balance of the invoice (and a corrected due date)."""
    known = state.invoice(cmd.invoice_id)
    if known is not None and not known.is_newer(cmd.invoice_version):
        return []
    check_invoice_keeps_its_currency(known, cmd.outstanding)
    return [new_event(DebtorInvoiceAdjusted, now, **fields_of(cmd))]


def acknowledge_debt(state: Debtor, cmd: AcknowledgeDebt, now: dt.datetime) -> list[Event]:
    """A confirmed statement restarts the limitation period of the invoices open on it."""
    if not cmd.invoice_ids:
        return []
    return [
        new_event(
            DebtAcknowledged,
            now,
            customer_id=cmd.customer_id,
            statement_id=cmd.statement_id,
            invoice_ids=cmd.invoice_ids,
            acknowledged_on=cmd.confirmed_on,
        )
    ]


def record_missed_payment(state: Debtor, cmd: RecordMissedPayment, now: dt.datetime) -> list[Event]:
    known = state.invoice(cmd.invoice_id)
    if known is not None and known.missed:
        return []
    check_invoice_keeps_its_currency(known, cmd.outstanding)
    outstanding = newest_balance(known, cmd.invoice_version, cmd.outstanding)
    return [new_event(DebtorInvoiceOverdue, now, **{**fields_of(cmd), "outstanding": outstanding})]


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
