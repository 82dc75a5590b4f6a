"""The customer account as invoicing stores and publishes it.

A hypothesis walk over random invoices, payments with and without an allocation list,
credit notes, rewards, cancellations, write-offs and bounced payments, decided by invoicing's
``decide`` and stamped as the repository does. After every step: each invoice's last
published fact carries the account's open amount as ``outstanding`` (what collections
takes as its balance), exactly the invoices with nothing open have had ``InvoiceSettled``
or ``InvoiceCancelled`` last, the due timer is set exactly while the invoice is open, and
folding every stored event from scratch (after a JSON round trip) gives the same state, and
so does parsing the state's snapshot.
Plus the rules only invoicing adds: an invoice for an unknown customer is held and booked
once the customer is registered; collections' outcomes are booked once.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.invoicing.adapters.rate_packs import load_packs
from services.invoicing.domain.account_commands import (
    AccountCommand,
    BookInvoice,
    BookRewardCredit,
    CreditOpenAmounts,
    OnLedger,
    OpenForCustomer,
    PayInvoice,
    WriteOffEverything,
)
from services.invoicing.domain.account_state import AccountState, evolve, initial
from services.invoicing.domain.decide import AccountRules, decide
from services.invoicing.domain.due_watch import DueWatch, due_timer_id
from services.invoicing.domain.ledger import commands as ledger
from services.invoicing.domain.ledger.statement import build_statement
from shared.contracts import Event, encode_event, parse_stored
from shared.contracts.money import Money
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, stamp
from shared.kernel.errors import DomainError

NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
RULES = AccountRules(load_packs(), DueWatch(3, "Asia/Shanghai"), 1)
CUSTOMER = "C-1"
DAY = dt.date(2026, 11, 19)


def cny(amount: str | int | Decimal) -> Money:
    return Money(amount=Decimal(amount).quantize(Decimal("0.01")), currency="CNY")


class Account:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.state: AccountState = initial(CUSTOMER)
        self.timers: dict[str, bool] = {}  # timer id → set (True) or cancelled

    def do(self, cmd: AccountCommand) -> list[Event]:
        decision = decide(self.state, cmd, NOW, RULES)
        self.timers |= {t.timer_id: True for t in decision.schedule}
        self.timers |= dict.fromkeys(decision.cancel, False)
        ref = StreamRef("account", CUSTOMER, CUSTOMER)
        cause = Cause.command("account", CUSTOMER, f"{len(self.events)}")
        events = stamp(decision.events, ref, len(self.events), str(len(self.events)),
                       "invoicing", cause)  # fmt: skip
        for event in events:
            self.state = evolve(self.state, event)
        self.events += events
        return events


def invoice(number: str, amount: str) -> BookInvoice:
    return BookInvoice(invoice=ledger.IssueInvoice(
        invoice_id=number, amount=cny(amount), issue_date=dt.date(2026, 10, 1),
        due_date=dt.date(2026, 10, 31)))  # fmt: skip


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("pay_rule"), st.integers(1, 3000)),
        st.tuples(st.just("pay_invoice"), st.integers(0, 3), st.integers(1, 1500)),
        st.tuples(st.just("credit"), st.integers(0, 3), st.integers(1, 500)),
        st.tuples(st.just("cancel"), st.integers(0, 3)),
        st.tuples(st.just("bounce"), st.integers(0, 9)),
        st.tuples(st.just("write_off"), st.integers(0, 3)),
        st.tuples(st.just("reward"), st.integers(1, 3000)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(amounts=st.lists(st.integers(100, 2000), min_size=1, max_size=4), steps=STEPS)
def test_what_is_published_agrees_with_the_account_and_replay_gives_the_same_state(
    amounts: list[int], steps: list[tuple[object, ...]]
) -> None:
    account = Account()
    account.do(OpenForCustomer(jurisdiction="cn", on=dt.date(2026, 1, 1)))
    numbers = [f"INV-{n}" for n in range(len(amounts))]
    for number, amount in zip(numbers, amounts, strict=True):
        account.do(invoice(number, str(amount)))
    payments: list[str] = []
    for n, (kind, *args) in enumerate(steps):
        pick = numbers[int(args[0]) % len(numbers)] if args else ""
        command: AccountCommand
        match kind:
            case "pay_rule":
                payments.append(f"P-{n}")
                command = OnLedger(command=ledger.ReceivePayment(
                    payment_id=f"P-{n}", amount=cny(int(args[0])), value_date=DAY))  # fmt: skip
            case "pay_invoice":
                payments.append(f"P-{n}")
                command = PayInvoice(payment_id=f"P-{n}", invoice_id=pick,
                                     amount=cny(int(args[1])), value_date=DAY)  # fmt: skip
            case "credit":
                command = CreditOpenAmounts(
                    credit_note_id=f"CN-{n}", invoice_ids=(pick,), limit=cny(int(args[1])),
                    on=DAY, reason="credited",
                )  # fmt: skip
            case "reward":
                command = BookRewardCredit(credit_note_id=f"RW-{n}", amount=cny(int(args[0])),
                                           on=DAY, reason="reward points redeemed")  # fmt: skip
            case "cancel":
                command = OnLedger(command=ledger.CancelInvoice(invoice_id=pick, on=DAY,
                                                                reason="void"))  # fmt: skip
            case "bounce":
                if not payments:
                    continue
                command = OnLedger(command=ledger.ReversePayment(
                    reversal_id=f"R-{n}", payment_id=payments[int(args[0]) % len(payments)],
                    on=DAY, reason="bounced"))  # fmt: skip
            case _:
                command = WriteOffEverything(write_off_id=f"W-{n}", currency="CNY", on=DAY,
                                             reason="bad debt")  # fmt: skip
        with suppress(DomainError):  # a refused command changes nothing; the checks still hold
            account.do(command)
        check(account, numbers)


def check(account: Account, numbers: list[str]) -> None:
    items = account.state.account.items
    for number in numbers:
        about = [e for e in account.events if getattr(e, "invoice_id", None) == number
                 and hasattr(e, "outstanding")]  # fmt: skip
        last = [e for e in account.events if getattr(e, "invoice_id", None) == number
                and e.type in ("InvoiceSettled", "InvoiceCancelled", "PaymentReceived",
                               "InvoiceCredited", "InvoiceWrittenOff", "PaymentReversed",
                               "InvoiceIssued")]  # fmt: skip
        open_now = items[number].open
        if about:
            assert about[-1].outstanding.amount == open_now  # type: ignore[attr-defined]
        if open_now == 0:
            assert last[-1].type in ("InvoiceSettled", "InvoiceCancelled"), last[-1].type
        assert account.timers[due_timer_id(number)] == (open_now > 0), "due timer out of step"
    replayed = initial(CUSTOMER)
    for event in account.events:
        replayed = evolve(replayed, parse_stored(encode_event(event)))
    assert replayed == account.state
    snapshot = AccountState.model_validate_json(account.state.model_dump_json())
    assert snapshot == account.state and repr(snapshot) == repr(account.state)  # loads the same


def test_an_invoice_for_an_unknown_customer_is_held_then_booked_and_published_on_registration() -> (
    None
):
    account = Account()
    held = account.do(invoice("INV-1", "100"))
    assert [e.type for e in held] == ["InvoiceHeld"] and "INV-1" in account.state.held
    assert account.do(invoice("INV-1", "100")) == []  # sent again: held once
    opened = account.do(OpenForCustomer(jurisdiction="cn", on=dt.date(2026, 11, 1)))
    assert [e.type for e in opened] == ["AccountFactRecorded", "AccountFactRecorded",
                                        "InvoiceIssued"]  # fmt: skip
    assert account.state.held == {} and account.state.account.items["INV-1"].open == 100


def test_collections_outcomes_are_booked_once_and_never_below_zero() -> None:
    account = Account()
    account.do(OpenForCustomer(jurisdiction="cn", on=dt.date(2026, 1, 1)))
    account.do(invoice("INV-1", "100"))
    note = CreditOpenAmounts(credit_note_id="dispute:x", invoice_ids=("INV-1",), on=DAY,
                             reason="dispute credited")  # fmt: skip
    first, again = account.do(note), account.do(note)
    assert [e.type for e in first] == ["AccountFactRecorded", "InvoiceCredited", "InvoiceSettled"]
    assert again == []
    write_off = WriteOffEverything(write_off_id="w", currency="CNY", on=DAY, reason="insolvent")
    assert account.do(write_off) == []  # nothing open: nothing written off


def test_a_reward_credit_note_settles_open_items_by_the_rule_and_holds_the_rest_once() -> None:
    account = Account()
    account.do(OpenForCustomer(jurisdiction="cn", on=dt.date(2026, 1, 1)))
    account.do(invoice("INV-1", "300.00"))
    reward = BookRewardCredit(credit_note_id="reward:redeem:R-1", amount=cny("500.00"), on=DAY,
                              reason="reward points redeemed: 500 points (2026.1)")  # fmt: skip

    booked = account.do(reward)
    again = account.do(reward)

    credited = [e for e in booked if e.type == "InvoiceCredited"]
    assert [(e.invoice_id, e.amount, e.cause, e.outstanding) for e in credited] == [  # type: ignore[attr-defined]
        ("INV-1", cny("300.00"), "reward", cny("0.00")),
    ]  # fmt: skip
    assert "InvoiceSettled" in [e.type for e in booked]
    assert again == []
    balances = account.state.account.balances()
    assert balances["CNY"] == Decimal("-200.00")  # 200.00 held to the customer's credit
    assert account.state.account.unapplied("CNY") == Decimal("200.00")
    november = build_statement(account.state.account, dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    lines = [(x.text, x.credit) for x in november.currencies[0].lines]
    assert lines == [("reward points redeemed: 500 points (2026.1)", Decimal("500.00"))]
