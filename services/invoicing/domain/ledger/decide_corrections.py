"""Decisions that correct or close debts: cancellation, due-date change, write-off."""

from __future__ import annotations

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.commands import CancelInvoice, ChangeDueDate, WriteOff
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.errors import (
    DueDateBeforeIssueDate,
    DuplicateAllocationTarget,
    InvoiceNotCancellable,
    ItemCancelled,
    NothingToWriteOff,
    UnknownItem,
)
from services.invoicing.domain.ledger.facts import (
    BalanceWrittenOff,
    DueDateChanged,
    InvoiceCancelled,
    LedgerFact,
)
from services.invoicing.domain.ledger.model import DebitItem, Line
from services.invoicing.domain.ledger.rules import check_not_in_future, check_same_currency


def cancel_invoice(
    account: Account, cmd: CancelInvoice, context: LedgerContext
) -> list[LedgerFact]:
    """Only an untouched invoice is cancelled; anything else is corrected by a credit note."""
    account.require_settings()
    invoice = _invoice(account, cmd.invoice_id)
    if invoice.cancelled_on is not None:
        return []
    check_not_in_future(cmd.on, context, f"cancellation of {invoice.item_id}")
    touched = [
        a
        for a in account.allocations
        if a.item_id == invoice.item_id and a.reversed_on is None and a.kind != "cancellation"
    ]
    charges = account.charges_of(invoice.item_id)
    if touched or invoice.credited > 0 or charges:
        raise InvoiceNotCancellable(
            f"invoice {invoice.item_id} has payments, credits, write-offs or charges on it: "
            "issue a credit note for its open amount instead, so they stay on record"
        )
    return [InvoiceCancelled(invoice_id=invoice.item_id, on=cmd.on, reason=cmd.reason)]


def change_due_date(
    account: Account, cmd: ChangeDueDate, context: LedgerContext
) -> list[LedgerFact]:
    """A backdated fact: the next interest run recomputes from the new date and books the
    difference (a further charge, or an interest correction when the date moved later)."""
    account.require_settings()
    invoice = _invoice(account, cmd.invoice_id)
    if invoice.cancelled_on is not None:
        raise ItemCancelled(f"invoice {invoice.item_id} was cancelled on {invoice.cancelled_on}")
    if cmd.due_date == invoice.due_date:
        return []
    if cmd.due_date < invoice.booked_on:
        raise DueDateBeforeIssueDate(
            f"due date {cmd.due_date} is before issue date {invoice.booked_on}"
        )
    changed = DueDateChanged(
        invoice_id=invoice.item_id,
        due_date=cmd.due_date,
        previous_due_date=invoice.due_date,
        on=cmd.on,
        reason=cmd.reason,
    )
    return [changed]


def write_off(account: Account, cmd: WriteOff, context: LedgerContext) -> list[LedgerFact]:
    account.require_settings()
    if f"write_off:{cmd.write_off_id}" in account.operations:
        return []
    check_not_in_future(cmd.on, context, f"write-off {cmd.write_off_id}")
    items = _write_off_items(account, cmd)
    currency = items[0].currency
    for item in items:
        check_same_currency(currency, item.currency, f"{item.item_id} in one write-off")
    lines = tuple(Line(item_id=i.item_id, amount=i.open) for i in items)
    written_off = BalanceWrittenOff(
        write_off_id=cmd.write_off_id,
        currency=currency,
        on=cmd.on,
        reason=cmd.reason,
        lines=lines,
    )
    return [written_off]


def _write_off_items(account: Account, cmd: WriteOff) -> list[DebitItem]:
    if cmd.item_ids:
        if len(set(cmd.item_ids)) != len(cmd.item_ids):
            raise DuplicateAllocationTarget(f"write-off {cmd.write_off_id} names an item twice")
        items = [account.item(i) for i in cmd.item_ids]
        settled = [i.item_id for i in items if i.open <= 0]
        if settled:
            raise NothingToWriteOff(f"nothing is open on {', '.join(settled)}")
        return items
    if cmd.currency is None:
        raise NothingToWriteOff("a write-off names its items, or a currency to write off in full")
    items = sorted(
        (i for i in account.items.values() if i.currency == cmd.currency and i.open > 0),
        key=lambda i: (i.due_date, i.item_id),
    )
    if not items:
        raise NothingToWriteOff(f"nothing is open in {cmd.currency}")
    return items


def _invoice(account: Account, invoice_id: str) -> DebitItem:
    item = account.item(invoice_id)
    if item.kind != "invoice":
        raise UnknownItem(f"{invoice_id} is a {item.kind.replace('_', ' ')}, not an invoice")
    return item
