"""Whatever happens to an account, the money adds up and replay gives the same account.

Random invoices in two currencies, payments (by rule and by explicit list), credit
notes, reversals, write-offs, refunds, applications of held credit, cancellations,
due-date changes and interest runs, dated in any order (backdated facts included).
After every step: allocations + unapplied + refunds = payments; no item below zero;
the balance equals items - credits - payments + refunds - write-offs; the journal and
every statement agree with it; sending the same command again changes nothing; and
folding the stored facts from scratch (also after a JSON round trip) gives the very
same account, and so does parsing the account's own JSON (what a snapshot holds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from services.invoicing.domain.ledger import (
    Account,
    LedgerFact,
    build_statement,
    fold,
    new_account,
)
from services.invoicing.domain.ledger.commands import (
    AccrueInterest,
    ApplyUnappliedCredit,
    CancelInvoice,
    ChangeDueDate,
    IssueCreditNote,
    LedgerCommand,
    RefundUnappliedCredit,
    ReversePayment,
    WaiveInterest,
    WriteOff,
)
from services.invoicing.domain.ledger.errors import LedgerError
from services.invoicing.domain.ledger.model import ZERO
from tests.unit.invoicing.ledger.given import D, Ledger, invoice, line, money, pay

STORED: TypeAdapter[LedgerFact] = TypeAdapter(LedgerFact)
START = D(2025, 7, 1)
END = D(2026, 5, 1)
KINDS = (
    "invoice", "invoice", "pay", "pay", "credit", "reverse", "write_off", "refund",
    "apply", "cancel", "due", "interest", "waive",
)  # fmt: skip
STEP = st.tuples(
    st.sampled_from(KINDS),
    st.integers(1, 300_000),  # cents
    st.integers(0, 300),  # days after START
    st.integers(0, 1_000),  # which item / currency / variant
)


def cents(n: int) -> str:
    return str(Decimal(n).scaleb(-2))


def command_for(ledger: Ledger, step: tuple[str, int, int, int], n: int) -> LedgerCommand | None:
    kind, amount, day, pick = step
    on = START + dt.timedelta(days=day)
    currency = ("CNY", "EUR")[pick % 2]
    items = sorted(ledger.account.items)
    invoices = [i for i in items if ledger.account.items[i].kind == "invoice"]
    sources = sorted(ledger.account.sources)
    chosen = items[pick % len(items)] if items else None
    if kind == "invoice":
        due = on + dt.timedelta(days=pick % 45)
        return invoice(f"INV-{n}", cents(amount), on, due, currency)
    if kind == "pay":
        explicit = None
        if chosen is not None and pick % 3 == 0:
            item = ledger.account.items[chosen]
            currency = item.currency
            share = min(Decimal(cents(amount)), item.open)
            explicit = (line(chosen, str(share)),) if share > 0 else ()
        return pay(f"P-{n}", cents(amount), on, currency, explicit)
    if kind == "credit" and invoices:
        target = invoices[pick % len(invoices)]
        note_lines = (line(target, cents(min(amount, 50_000))),)
        return IssueCreditNote(credit_note_id=f"CN-{n}", issued_on=on, reason="r", lines=note_lines)
    if kind == "reverse" and sources:
        source = ledger.account.sources[sources[pick % len(sources)]]
        later = source.on + dt.timedelta(days=day % 60)
        return ReversePayment(
            reversal_id=f"R-{n}", payment_id=source.source_id, on=later, reason="NSF"
        )
    if kind == "write_off" and chosen is not None:
        return WriteOff(write_off_id=f"WO-{n}", on=on, reason="bad debt", item_ids=(chosen,))
    if kind == "refund" and sources:
        source = ledger.account.sources[sources[pick % len(sources)]]
        return RefundUnappliedCredit(
            refund_id=f"RF-{n}",
            source_id=source.source_id,
            amount=money(cents(min(amount, 10_000)), source.currency),
            on=source.on + dt.timedelta(days=day % 60),
            reason="r",
        )
    if kind == "apply":
        return ApplyUnappliedCredit(application_id=f"A-{n}", currency=currency, on=END)
    if kind == "cancel" and invoices:
        return CancelInvoice(invoice_id=invoices[pick % len(invoices)], on=on, reason="r")
    if kind == "due" and invoices:
        target = invoices[pick % len(invoices)]
        return ChangeDueDate(invoice_id=target, due_date=on, on=on, reason="r")
    if kind == "interest":
        return AccrueInterest(through=on)
    if kind == "waive" and invoices:
        target = invoices[pick % len(invoices)]
        return WaiveInterest(waiver_id=f"W-{n}", invoice_id=target, on=on, by="u-1", reason="r")
    return None


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def check_money_adds_up(ledger: Ledger) -> None:
    account = ledger.account
    standing = [a for a in account.allocations if a.reversed_on is None]
    for source in account.sources.values():
        mine = [a for a in standing if (a.source_id, a.kind) == (source.source_id, source.kind)]
        assert source.unapplied >= 0
        if source.reversed_on is None:
            allocated = total(a.amount for a in mine)
            assert allocated + source.unapplied + source.refunded == source.amount
    for item in account.items.values():
        assert 0 <= item.open <= item.amount
    closing = ("write_off", "waiver", "cancellation")
    for currency, balance in account.balances().items():
        items = [i for i in account.items.values() if i.currency == currency]
        sources = [s for s in account.sources.values() if s.currency == currency]
        kept = [s for s in sources if s.reversed_on is None]
        refunds = [
            r for r in account.refunds.values() if r.source_id in {s.source_id for s in sources}
        ]
        closed = [
            a for a in standing if a.kind in closing and a.item_id in {i.item_id for i in items}
        ]
        assert balance == (
            total(i.amount for i in items)
            - total(s.amount for s in kept if s.kind == "credit_note")
            - total(s.amount for s in kept if s.kind == "payment")
            + total(r.amount for r in refunds)
            - total(a.amount for a in closed)
        )
        journal = total(e.debit - e.credit for e in account.journal if e.currency == currency)
        assert journal == balance


def check_statements_agree(ledger: Ledger, day: int) -> None:
    at = START + dt.timedelta(days=day)
    for end in (at, D(2027, 1, 1)):
        for part in build_statement(ledger.account, START - dt.timedelta(days=1), end).currencies:
            aged = sum((i.open for i in part.open_items), ZERO)
            assert part.closing_balance == aged - part.unapplied_credit
            if end == D(2027, 1, 1):
                assert part.closing_balance == ledger.balance(part.currency)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(STEP, min_size=5, max_size=40),
    rule=st.sampled_from(["oldest_due_first", "reference_then_oldest", "largest_first", "manual"]),
    auto_apply=st.booleans(),
)
def test_any_history_keeps_the_books_balanced_and_replays_to_the_same_account(
    steps: list[tuple[str, int, int, int]], rule: str, auto_apply: bool
) -> None:
    ledger = Ledger(
        allocation_rule=rule,
        auto_apply_credit=auto_apply,
        contract={"annual_percent": "10", "compensation": money("40.00", "EUR")},
    )
    for n, step in enumerate(steps):
        command = command_for(ledger, step, n)
        if command is None:
            continue
        before = ledger.account
        try:
            ledger.do(command)
        except LedgerError:
            assert ledger.account == before  # refused: nothing changed
            continue
        assert ledger.decide(command) == ()  # sent again: nothing more
        check_money_adds_up(ledger)
        check_statements_agree(ledger, step[2])
    assert ledger.replayed() == ledger.account
    stored = [STORED.dump_json(fact) for fact in ledger.facts]  # as part 2 will store them
    loaded = [STORED.validate_json(raw) for raw in stored]
    assert fold(new_account(ledger.account.customer_id), loaded) == ledger.account
    snapshot = Account.model_validate_json(ledger.account.model_dump_json())  # as stored
    assert snapshot == ledger.account and repr(snapshot) == repr(ledger.account)
