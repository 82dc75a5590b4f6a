"""Decisions about documents: the account itself, invoices, charges and credit notes."""

from __future__ import annotations

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.commands import (
    ChangeAccountSettings,
    IssueCreditNote,
    IssueInvoice,
    OpenAccount,
    RaiseCharge,
)
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.errors import (
    CreditExceedsInvoicedAmount,
    DocumentIdConflict,
    DueDateBeforeIssueDate,
    DueDateUnknown,
    ItemCancelled,
)
from services.invoicing.domain.ledger.evolve import evolve
from services.invoicing.domain.ledger.facts import (
    AccountOpened,
    AccountSettingsChanged,
    ChargeBooked,
    CreditNoteIssued,
    InvoiceBooked,
    LedgerFact,
)
from services.invoicing.domain.ledger.model import ZERO, Line, money
from services.invoicing.domain.ledger.rate_plans import rate_plan
from services.invoicing.domain.ledger.rules import (
    check_lines,
    check_not_in_future,
    check_positive,
    check_same_currency,
    resent,
)
from services.invoicing.domain.ledger.settlement import apply_credit_to_new_invoice
from shared.kernel.copying import validated


def open_account(account: Account, cmd: OpenAccount, context: LedgerContext) -> list[LedgerFact]:
    rate_plan(cmd.settings, context.pack(cmd.settings.jurisdiction))
    if account.settings is not None:
        if account.settings == cmd.settings:
            return []
        raise DocumentIdConflict(
            f"account {account.customer_id} is already open with other settings: change them"
        )
    return [AccountOpened(customer_id=account.customer_id, settings=cmd.settings, on=cmd.on)]


def change_settings(
    account: Account, cmd: ChangeAccountSettings, context: LedgerContext
) -> list[LedgerFact]:
    if account.require_settings() == cmd.settings:
        return []
    rate_plan(cmd.settings, context.pack(cmd.settings.jurisdiction))
    return [AccountSettingsChanged(settings=cmd.settings, on=cmd.on)]


def issue_invoice(account: Account, cmd: IssueInvoice, context: LedgerContext) -> list[LedgerFact]:
    settings = account.require_settings()
    check_positive(cmd.amount, f"invoice {cmd.invoice_id}")
    terms = cmd.terms or settings.terms
    if cmd.due_date is not None:
        due = cmd.due_date
    elif terms is not None:
        due = terms.due_date(cmd.issue_date)
    else:
        raise DueDateUnknown(
            f"invoice {cmd.invoice_id} has no due date and customer {account.customer_id} "
            "no payment terms: send one or the other"
        )
    if due < cmd.issue_date:
        raise DueDateBeforeIssueDate(f"due date {due} is before issue date {cmd.issue_date}")
    earlier = account.items.get(cmd.invoice_id)
    if earlier is not None and resent(
        earlier.kind == "invoice"
        and money(earlier.amount, earlier.currency) == cmd.amount
        and (earlier.booked_on, earlier.due_date) == (cmd.issue_date, due),
        cmd.invoice_id,
    ):
        return []
    booked = validated(InvoiceBooked, {  # ``InvoiceBooked(...)`` without pydantic's wrapper
        "invoice_id": cmd.invoice_id,
        "amount": cmd.amount,
        "issue_date": cmd.issue_date,
        "due_date": due,
        "terms": str(terms) if terms is not None else None,
        "discount": terms.discount(cmd.issue_date) if terms is not None else None,
    })  # fmt: skip
    if not settings.auto_apply_credit:
        return [booked]
    pack = context.pack(settings.jurisdiction)
    return [booked, *apply_credit_to_new_invoice(evolve(account, booked), booked, pack)]


def raise_charge(account: Account, cmd: RaiseCharge, context: LedgerContext) -> list[LedgerFact]:
    settings = account.require_settings()
    amount = check_positive(cmd.amount, f"charge {cmd.charge_id}")
    if cmd.invoice_id is not None:
        invoice = account.item(cmd.invoice_id)
        check_same_currency(invoice.currency, cmd.amount.currency, f"charge {cmd.charge_id}")
        if invoice.cancelled_on is not None:
            raise ItemCancelled(
                f"invoice {invoice.item_id} was cancelled on {invoice.cancelled_on}"
            )
    due = cmd.due_date or (
        settings.terms.due_date(cmd.booked_on)
        if cmd.kind == "debit_note" and settings.terms is not None
        else cmd.booked_on
    )
    if due < cmd.booked_on:
        raise DueDateBeforeIssueDate(f"due date {due} is before the charge date {cmd.booked_on}")
    earlier = account.items.get(cmd.charge_id)
    if earlier is not None and resent(
        (earlier.kind, earlier.amount, earlier.currency) == (cmd.kind, amount, cmd.amount.currency),
        cmd.charge_id,
    ):
        return []
    charge = ChargeBooked(
        charge_id=cmd.charge_id,
        kind=cmd.kind,
        amount=cmd.amount,
        booked_on=cmd.booked_on,
        due_date=due,
        invoice_id=cmd.invoice_id,
        reason=cmd.reason,
    )
    return [charge]


def issue_credit_note(
    account: Account, cmd: IssueCreditNote, context: LedgerContext
) -> list[LedgerFact]:
    account.require_settings()
    items = [account.item(line.item_id) for line in cmd.lines]
    currency = items[0].currency
    for item in items:
        check_same_currency(currency, item.currency, f"{item.item_id} on one credit note")
    check_lines(cmd.lines, currency)
    total = sum((line.amount for line in cmd.lines), ZERO)
    check_not_in_future(cmd.issued_on, context, f"credit note {cmd.credit_note_id}")
    earlier = account.sources.get(cmd.credit_note_id)
    if earlier is not None and resent(
        (earlier.kind, earlier.amount, earlier.on) == ("credit_note", total, cmd.issued_on),
        cmd.credit_note_id,
    ):
        return []
    applied = []
    for line, item in zip(cmd.lines, items, strict=True):
        if item.cancelled_on is not None:
            raise ItemCancelled(f"invoice {item.item_id} was cancelled on {item.cancelled_on}")
        if item.credited + line.amount > item.amount:
            raise CreditExceedsInvoicedAmount(
                f"crediting {line.amount} {currency} on {item.item_id} would credit more than "
                f"its {item.amount} {currency} ({item.credited} {currency} credited before)"
            )
        if item.open > 0:
            applied.append(Line(item_id=item.item_id, amount=min(line.amount, item.open)))
    issued = CreditNoteIssued(
        credit_note_id=cmd.credit_note_id,
        amount=money(total, currency),
        issued_on=cmd.issued_on,
        reason=cmd.reason,
        lines=cmd.lines,
        applied=tuple(applied),
    )
    return [issued]
