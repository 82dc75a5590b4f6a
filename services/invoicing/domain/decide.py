"""The invoice's decisions: ``decide(state, command, now, watch, source) -> Decision``.

``watch`` is the grace policy that schedules the due-date timer; ``source`` says where the
command came from (the API or the ingest stream). A command that changes nothing (a
re-sent issue or payment) decides no events.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from services.invoicing.domain.commands import (
    CheckPaymentDue,
    Command,
    IssueInvoice,
    RecordPayment,
    Source,
)
from services.invoicing.domain.due_watch import DueWatch, due_timer_id
from services.invoicing.domain.errors import (
    DueDateBeforeIssueDate,
    InvoiceAmountNotPositive,
    InvoiceNotFound,
    InvoiceNumberConflict,
    PaymentAmountNotPositive,
    PaymentCurrencyMismatch,
    PaymentExceedsOutstanding,
    PaymentIdConflict,
)
from services.invoicing.domain.state import Invoice, InvoiceState, Payment
from shared.contracts.invoicing import (
    InvoiceIssued,
    InvoiceSettled,
    PaymentMissed,
    PaymentReceived,
)
from shared.contracts.money import Money
from shared.kernel import Decision, new_event


def decide(
    state: InvoiceState, command: Command, now: datetime, watch: DueWatch, source: Source = "api"
) -> Decision:
    """The events (and timers) ``command`` leads to for this invoice."""
    match command:
        case IssueInvoice():
            return issue_invoice(state, command, now, watch, source)
        case RecordPayment():
            return record_payment(state, command, now, source)
        case CheckPaymentDue():
            return check_payment_due(state, command, now)
        case _:
            assert_never(command)


def issue_invoice(
    state: InvoiceState, cmd: IssueInvoice, now: datetime, watch: DueWatch, source: Source
) -> Decision:
    """Issue once: the same invoice again is a no-op, other data under its number a conflict."""
    check_due_date_not_before_issue_date(cmd)
    check_invoice_amount_is_positive(cmd)
    if state.invoice is not None:
        check_reissue_is_identical(state.invoice, cmd)
        return Decision()
    issued = new_event(
        InvoiceIssued, now, **cmd.model_dump(), invoice_id=cmd.external_number, source=source
    )
    timer = watch.timer(cmd.external_number, cmd.customer_id, cmd.due_date)
    return Decision(events=[issued], schedule=[timer])


def record_payment(
    state: InvoiceState, cmd: RecordPayment, now: datetime, source: Source
) -> Decision:
    """Book a payment; paying the last of it settles the invoice and stops the due watch."""
    invoice = require_issued(state)
    earlier = invoice.payment(cmd.payment_id)
    if earlier is not None:
        check_repeated_payment_is_identical(earlier, cmd)
        return Decision()
    check_payment_is_positive(cmd.amount)
    check_payment_currency_matches(invoice, cmd.amount)
    check_payment_within_outstanding(invoice, cmd.amount)
    left = invoice.outstanding - cmd.amount
    received = new_event(
        PaymentReceived,
        now,
        payment_id=cmd.payment_id,
        invoice_id=invoice.external_number,
        customer_id=invoice.customer_id,
        amount=cmd.amount,
        value_date=cmd.value_date,
        outstanding=left,
        source=source,
        booked_by=cmd.booked_by,
    )
    if left.is_positive():
        return Decision(events=[received])
    settled = new_event(
        InvoiceSettled,
        now,
        invoice_id=invoice.external_number,
        customer_id=invoice.customer_id,
        settled_on=cmd.value_date,
    )
    return Decision(events=[received, settled], cancel=[due_timer_id(invoice.external_number)])


def check_payment_due(state: InvoiceState, cmd: CheckPaymentDue, now: datetime) -> Decision:
    """At due date plus grace: a missed payment if anything is still owed, at most once."""
    invoice = state.invoice
    if invoice is None or invoice.payment_missed or not invoice.outstanding.is_positive():
        return Decision()
    missed = new_event(
        PaymentMissed,
        now,
        invoice_id=invoice.external_number,
        customer_id=invoice.customer_id,
        external_number=invoice.external_number,
        due_date=invoice.due_date,
        outstanding=invoice.outstanding,
        grace_days=cmd.grace_days,
    )
    return Decision(events=[missed])


def require_issued(state: InvoiceState) -> Invoice:
    if state.invoice is None:
        raise InvoiceNotFound(f"no invoice {state.external_number}")
    return state.invoice


def check_due_date_not_before_issue_date(cmd: IssueInvoice) -> None:
    if cmd.due_date < cmd.issue_date:
        raise DueDateBeforeIssueDate(
            f"due date {cmd.due_date} is before issue date {cmd.issue_date}"
        )


def check_invoice_amount_is_positive(cmd: IssueInvoice) -> None:
    if not cmd.amount.is_positive():
        raise InvoiceAmountNotPositive(f"invoice amount must be positive, got {cmd.amount}")


def check_reissue_is_identical(invoice: Invoice, cmd: IssueInvoice) -> None:
    same = (
        invoice.customer_id == cmd.customer_id
        and invoice.amount == cmd.amount
        and invoice.issue_date == cmd.issue_date
        and invoice.due_date == cmd.due_date
    )
    if not same:
        raise InvoiceNumberConflict(
            f"invoice {cmd.external_number} was already issued with different data"
        )


def check_repeated_payment_is_identical(earlier: Payment, cmd: RecordPayment) -> None:
    if earlier.amount != cmd.amount or earlier.value_date != cmd.value_date:
        raise PaymentIdConflict(
            f"payment {cmd.payment_id} was already recorded on {cmd.external_number} "
            f"with a different amount or value date"
        )


def check_payment_is_positive(amount: Money) -> None:
    if not amount.is_positive():
        raise PaymentAmountNotPositive(f"payment amount must be positive, got {amount}")


def check_payment_currency_matches(invoice: Invoice, amount: Money) -> None:
    if amount.currency != invoice.amount.currency:
        raise PaymentCurrencyMismatch(
            f"payment in {amount.currency} on an invoice in {invoice.amount.currency}"
        )


def check_payment_within_outstanding(invoice: Invoice, amount: Money) -> None:
    if amount.amount > invoice.outstanding.amount:
        raise PaymentExceedsOutstanding(
            f"payment of {amount} exceeds the outstanding {invoice.outstanding}"
        )
