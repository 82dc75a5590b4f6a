"""An account's snapshot gives back the very account: invoicing loads an account from the
snapshot its first append wrote (and every 50 events after), not from its events, so the
state's JSON must parse to an equal state, ``Decimal`` exponents and time zones included,
on which every later decision is the same."""

from __future__ import annotations

import datetime as dt

from services.invoicing.domain.account_commands import (
    AccountCommand,
    CheckInvoiceDue,
    ConfirmStatement,
    CreditOpenAmounts,
    DisputeStatementLines,
    IssueStatement,
    OnLedger,
    OpenForCustomer,
    PayInvoice,
    RunInterest,
    SetStatementSchedule,
)
from services.invoicing.domain.account_state import AccountState
from services.invoicing.domain.decide import decide
from services.invoicing.domain.ledger import commands as ledger
from services.invoicing.domain.reward_points import NoteRewardPoints
from shared.kernel.copying import validator_of
from tests.unit.invoicing.test_account_publishing import DAY, NOW, RULES, Account, cny, invoice

LATER = NOW + dt.timedelta(days=60)


def from_snapshot(state: AccountState) -> AccountState:
    """What the repository does: the state's JSON stored, parsed by the state model."""
    parsed: AccountState = validator_of(AccountState).validate_json(state.model_dump_json())
    return parsed


def test_every_part_of_an_account_comes_back_from_its_snapshot_equal_and_decides_the_same() -> None:
    account = Account()
    steps: list[AccountCommand] = [
        invoice("INV-H", "80.50"),  # held: the customer is not known yet
        OpenForCustomer(jurisdiction="cn", on=dt.date(2026, 1, 1)),
        invoice("INV-1", "1200.10"),
        invoice("INV-2", "300"),
        PayInvoice(payment_id="P-1", invoice_id="INV-1", amount=cny("200.05"), value_date=DAY),
        OnLedger(
            command=ledger.ReceivePayment(payment_id="P-2", amount=cny("999.999"), value_date=DAY)
        ),
        CheckInvoiceDue(timer_id="t-1", invoice_id="INV-2", grace_days=3),
        RunInterest(through=dt.date(2026, 11, 19)),
        SetStatementSchedule(day=5, by="ops"),
        IssueStatement(period_from=dt.date(2026, 10, 1), period_to=dt.date(2026, 11, 1)),
        NoteRewardPoints(
            reference="R-1", kind="earned", change=120, on=DAY, programme_version="2026.1"
        ),
        OnLedger(
            command=ledger.ReversePayment(
                reversal_id="R-1", payment_id="P-1", on=DAY, reason="bounced"
            )
        ),
    ]
    seen: set[str] = set()
    for command in steps:
        account.do(command)
        state = account.state
        back = from_snapshot(state)
        assert back == state and repr(back) == repr(state), type(command).__name__
        seen |= {name for name, value in state if value}
    statement = next(iter(account.state.issued_statements))
    for command in [
        ConfirmStatement(statement_id=statement, by="buyer", channel="link"),
        DisputeStatementLines(
            statement_id=statement, invoice_ids=("INV-2",), reason="price", by="buyer"
        ),
        CreditOpenAmounts(
            credit_note_id="CN-1",
            invoice_ids=("INV-2",),
            limit=cny("10"),
            on=DAY,
            reason="price dispute credited",
        ),
    ]:
        back = from_snapshot(account.state)
        ours = decide(account.state, command, LATER, RULES)
        theirs = decide(back, command, LATER, RULES)
        assert [e.model_dump() for e in theirs.events] == [e.model_dump() for e in ours.events]
        assert theirs.schedule == ours.schedule and theirs.cancel == ours.cancel
        account.do(command)
        assert from_snapshot(account.state) == account.state
    # the walk reached every part of the state a snapshot holds
    assert seen >= {
        "held",
        "missed",
        "sources",
        "statements",
        "statement_invoices",
        "issued_statements",
        "statement_day",
        "reward_points",
    }
    assert account.state.confirmed and account.state.account.allocations
