"""The debtor's decisions: record what a command tells, then let the policy's rules react.

``decide`` is pure. Facts about one invoice may arrive in any order and more than once:
of two facts, the one with the later invoicing version decides the outstanding balance;
a payment is booked once per payment id; an invoice is missed at most once. A repeated
command therefore records nothing, and rules that already fired fire no more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from services.collections.domain.commands import (
    ApplyPayment,
    CloseInvoice,
    Command,
    RecordMissedPayment,
    RegisterDebtor,
    TrackInvoice,
)
from services.collections.domain.errors import CommandForAnotherDebtor, InvoiceCurrencyMismatch
from services.collections.domain.policy import SLICE_POLICY, DunningPolicy
from services.collections.domain.rules import assess
from services.collections.domain.state import Debtor, TrackedInvoice, fold
from shared.aggregate import Decision, Stamp
from shared.contracts import Event, Money
from shared.contracts.collections import (
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
    DebtorRegistered,
)

Decide = Callable[[Debtor, Stamp], Decision]


def decide(
    state: Debtor, cmd: Command, stamp: Stamp, policy: DunningPolicy = SLICE_POLICY
) -> Decision:
    """The events ``cmd`` leads to for this debtor: recorded facts, then rule transitions."""
    check_command_names_this_debtor(state, cmd)
    facts = record(state, cmd, stamp)
    return Decision(events=[*facts, *assess(fold(state, facts), stamp, policy)])


def deciding(cmd: Command, policy: DunningPolicy = SLICE_POLICY) -> Decide:
    """``decide`` for one command, in the shape ``Repository.execute`` runs."""
    return lambda state, stamp: decide(state, cmd, stamp, policy)


def record(state: Debtor, cmd: Command, stamp: Stamp) -> list[Event]:
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
        case _:
            assert_never(cmd)


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
