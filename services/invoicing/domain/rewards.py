"""Rewards customers granted (redeemed points, a rebate) booked as credit notes.

Such a credit note credits no invoice line of its own (nothing was wrong with an invoice):
its money settles open items as the account's allocation rule orders them — none under
``manual`` — and what is left is held as credit on the account, applied later like any
other. Either way the account's balance drops by the credit note's amount.
"""

from __future__ import annotations

from services.invoicing.domain.account_commands import BookRewardCredit
from services.invoicing.domain.account_state import AccountState
from services.invoicing.domain.ledger import LedgerContext, LedgerFact
from services.invoicing.domain.ledger.allocation import Planner
from services.invoicing.domain.ledger.facts import CreditNoteIssued
from services.invoicing.domain.ledger.rules import check_positive


def reward_credit(
    state: AccountState, cmd: BookRewardCredit, context: LedgerContext
) -> tuple[LedgerFact, ...]:
    """The reward's credit note, once per id (an account not open yet books nothing)."""
    settings = state.account.settings
    if settings is None or cmd.credit_note_id in state.account.sources:
        return ()
    amount = check_positive(cmd.amount, f"credit note {cmd.credit_note_id}")
    on = min(cmd.on, context.today)
    currency = cmd.amount.currency
    pack = context.pack(settings.jurisdiction)
    plan = Planner(state.account, pack.within_debt_order, currency, on).by_rule(
        amount, settings.allocation_rule, None
    )
    note = CreditNoteIssued(
        credit_note_id=cmd.credit_note_id,
        amount=cmd.amount,
        issued_on=on,
        reason=cmd.reason,
        cause="reward",
        lines=(),
        applied=plan.lines,
    )
    return (note,)
