"""``decide``: the facts a command on a customer account leads to, or a named refusal.

Pure: the account, the command and the context (today, the jurisdiction packs) in;
facts out. A command that changes nothing (sent again) decides no facts.
"""

from __future__ import annotations

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.commands import (
    AccrueInterest,
    ApplyUnappliedCredit,
    CancelInvoice,
    ChangeAccountSettings,
    ChangeDueDate,
    IssueCreditNote,
    IssueInvoice,
    LedgerCommand,
    OpenAccount,
    RaiseCharge,
    ReceivePayment,
    RefundUnappliedCredit,
    ReversePayment,
    WaiveInterest,
    WriteOff,
)
from services.invoicing.domain.ledger.context import LedgerContext
from services.invoicing.domain.ledger.decide_cash import (
    apply_unapplied_credit,
    receive_payment,
    refund_unapplied_credit,
    reverse_payment,
)
from services.invoicing.domain.ledger.decide_corrections import (
    cancel_invoice,
    change_due_date,
    write_off,
)
from services.invoicing.domain.ledger.decide_documents import (
    change_settings,
    issue_credit_note,
    issue_invoice,
    open_account,
    raise_charge,
)
from services.invoicing.domain.ledger.decide_interest import accrue_interest, waive_interest
from services.invoicing.domain.ledger.facts import LedgerFact


def decide(
    account: Account, command: LedgerCommand, context: LedgerContext
) -> tuple[LedgerFact, ...]:
    match command:
        case OpenAccount():
            facts = open_account(account, command, context)
        case ChangeAccountSettings():
            facts = change_settings(account, command, context)
        case IssueInvoice():
            facts = issue_invoice(account, command, context)
        case RaiseCharge():
            facts = raise_charge(account, command, context)
        case IssueCreditNote():
            facts = issue_credit_note(account, command, context)
        case CancelInvoice():
            facts = cancel_invoice(account, command, context)
        case ChangeDueDate():
            facts = change_due_date(account, command, context)
        case ReceivePayment():
            facts = receive_payment(account, command, context)
        case ApplyUnappliedCredit():
            facts = apply_unapplied_credit(account, command, context)
        case RefundUnappliedCredit():
            facts = refund_unapplied_credit(account, command, context)
        case ReversePayment():
            facts = reverse_payment(account, command, context)
        case WriteOff():
            facts = write_off(account, command, context)
        case AccrueInterest():
            facts = accrue_interest(account, command, context)
        case WaiveInterest():
            facts = waive_interest(account, command, context)
    return tuple(facts)
