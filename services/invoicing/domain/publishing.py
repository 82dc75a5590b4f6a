"""From ledger facts to what the account's append stores and publishes.

Each fact is stored as ``AccountFactRecorded``; each invoice it changed is published as
the integration event other services follow, carrying ``outstanding`` after the fact:
``InvoiceIssued``, ``PaymentReceived`` (also when held cash is applied), ``InvoiceCredited``,
``InvoiceCancelled``, ``InvoiceDueDateChanged``, ``InvoiceWrittenOff``, ``PaymentReversed``,
and ``InvoiceSettled`` when nothing is left on it. Charges (interest, fees, compensation)
are not published per item: collections follows invoices' principal.
The invoice's due timer follows in the same append: cancelled when nothing is owed,
set again when a reversal reopens it or its due date moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from services.invoicing.domain.account_state import (
    AccountFactRecorded,
    AccountState,
    Source,
    apply_fact,
)
from services.invoicing.domain.due_watch import DueWatch, due_timer_id
from services.invoicing.domain.ledger import LedgerFact
from services.invoicing.domain.ledger import facts as f
from services.invoicing.domain.ledger.model import DebitItem, Line, money
from shared.contracts import Event
from shared.contracts import invoicing as out
from shared.kernel import Decision, Timer, new_event


class Origin(NamedTuple):  # made per decision and per fact: a tuple is made in a fifth of
    source: Source = "api"  # the instructions of a frozen dataclass
    booked_by: str | None = None
    customer_id: str = ""


def publish(
    state: AccountState,
    facts: Sequence[LedgerFact],
    now: dt.datetime,
    watch: DueWatch,
    origin: Origin,
) -> Decision:
    events: list[Event] = []
    timers: dict[str, Timer | None] = {}  # timer id → set (Timer) or cancelled (None)
    for fact in facts:
        before = state
        state = apply_fact(state, fact, origin.source)
        events.append(
            new_event(
                AccountFactRecorded,
                now,
                customer_id=state.customer_id,
                fact=fact,
                source=origin.source,
                booked_by=origin.booked_by,
            )
        )
        events.extend(_about_invoices(before, state, fact, now, origin))
        changed = list(_changed_items(before, state))  # one walk of the items per fact
        events.extend(_settled(before, state, fact, now, changed))
        timers.update(_timers(before, state, fact, watch, changed))
    schedule = [t for t in timers.values() if t is not None]
    cancel = [timer_id for timer_id, t in timers.items() if t is None]
    return Decision(events=events, schedule=schedule, cancel=cancel)


def _invoice(state: AccountState, item_id: str) -> DebitItem | None:
    item = state.account.items.get(item_id)
    return item if item is not None and item.kind == "invoice" else None


def _owed(item: DebitItem) -> dict[str, object]:
    return {"outstanding": money(item.open, item.currency)}


def _about_invoices(
    before: AccountState, after: AccountState, fact: LedgerFact, now: dt.datetime, origin: Origin
) -> Iterator[Event]:
    who_id = after.customer_id
    who = {"customer_id": who_id}
    origin = Origin(origin.source, origin.booked_by, who_id)
    match fact:
        case f.InvoiceBooked():
            yield new_event(
                out.InvoiceIssued,
                now,
                customer_id=who_id,
                invoice_id=fact.invoice_id,
                external_number=fact.invoice_id,
                amount=fact.amount,
                issue_date=fact.issue_date,
                due_date=fact.due_date,
                source=origin.source,
            )
        case f.PaymentReceived():
            for line, item in _lines(after, fact.applied):
                yield _payment(fact.payment_id, line.amount, item, fact.value_date, now, origin)
        case f.UnappliedCreditApplied():
            for sourced in fact.lines:
                target = _invoice(after, sourced.item_id)
                source = after.account.sources[sourced.source_id]
                if target is None:
                    continue
                if source.kind == "payment":
                    paid_as = f"{source.source_id}+{fact.application_id}"  # one per application
                    yield _payment(paid_as, sourced.amount, target, fact.on, now, origin)
                else:
                    cause = source.cause or "credit"
                    yield _credited(
                        source.source_id, sourced.amount, target, fact.on, cause, now, who_id
                    )
        case f.CreditNoteIssued():
            for line, item in _lines(after, fact.applied):
                yield _credited(
                    fact.credit_note_id, line.amount, item, fact.issued_on, fact.cause, now, who_id
                )
        case f.InvoiceCancelled():
            item = after.account.items[fact.invoice_id]
            yield new_event(
                out.InvoiceCancelled, now, **who, **_owed(item), invoice_id=item.item_id,
                cancelled_on=fact.on,
            )  # fmt: skip
        case f.DueDateChanged():
            item = after.account.items[fact.invoice_id]
            yield new_event(
                out.InvoiceDueDateChanged, now, **who, **_owed(item), invoice_id=item.item_id,
                due_date=fact.due_date, previous_due_date=fact.previous_due_date,
                changed_on=fact.on,
            )  # fmt: skip
        case f.PaymentReversed():
            for line, item in _lines(after, fact.undone):
                yield new_event(
                    out.PaymentReversed, now, **who, **_owed(item), invoice_id=item.item_id,
                    payment_id=fact.payment_id, reversal_id=fact.reversal_id,
                    amount=money(line.amount, item.currency), reversed_on=fact.on,
                )  # fmt: skip
        case f.BalanceWrittenOff():
            for line, item in _lines(after, fact.lines):
                yield new_event(
                    out.InvoiceWrittenOff, now, **who, **_owed(item), invoice_id=item.item_id,
                    write_off_id=fact.write_off_id, amount=money(line.amount, item.currency),
                    written_off_on=fact.on,
                )  # fmt: skip
        case _:
            return


def _lines(state: AccountState, lines: Sequence[Line]) -> Iterator[tuple[Line, DebitItem]]:
    for line in lines:
        item = _invoice(state, line.item_id)
        if item is not None:
            yield line, item


def _payment(
    payment_id: str, amount: Decimal, item: DebitItem, on: dt.date, now: dt.datetime, o: Origin
) -> Event:
    return new_event(
        out.PaymentReceived,
        now,
        customer_id=o.customer_id,
        payment_id=payment_id,
        invoice_id=item.item_id,
        amount=money(amount, item.currency),
        value_date=on,
        source=o.source,
        booked_by=o.booked_by,
        **_owed(item),
    )


def _credited(
    note_id: str, amount: Decimal, item: DebitItem, on: dt.date, cause: str, now: dt.datetime,
    customer_id: str,
) -> Event:  # fmt: skip
    return new_event(
        out.InvoiceCredited,
        now,
        customer_id=customer_id,
        invoice_id=item.item_id,
        credit_note_id=note_id,
        amount=money(amount, item.currency),
        issued_on=on,
        cause=cause,
        **_owed(item),
    )


def _fact_day(fact: LedgerFact) -> dt.date:
    for name in ("value_date", "issued_on", "on", "booked_on", "issue_date"):
        day = getattr(fact, name, None)
        if isinstance(day, dt.date):
            return day
    raise AssertionError(f"{fact.type} has no date")


def _settled(
    before: AccountState, after: AccountState, fact: LedgerFact, now: dt.datetime,
    changed: Sequence[tuple[str, DebitItem]],
) -> Iterator[Event]:  # fmt: skip
    """``InvoiceSettled`` for each invoice this fact left with nothing to pay."""
    if isinstance(fact, f.InvoiceCancelled):
        return
    for item_id, item in changed:
        old = _invoice(before, item_id)
        if item.kind == "invoice" and old is not None and old.open > 0 >= item.open:
            yield new_event(
                out.InvoiceSettled,
                now,
                customer_id=after.customer_id,
                invoice_id=item_id,
                settled_on=_fact_day(fact),
            )


def _timers(
    before: AccountState, after: AccountState, fact: LedgerFact, watch: DueWatch,
    changed: Sequence[tuple[str, DebitItem]],
) -> dict[str, Timer | None]:  # fmt: skip
    changes: dict[str, Timer | None] = {}
    for item_id, item in changed:
        if item.kind != "invoice":
            continue
        old = _invoice(before, item_id)
        if old is not None and item.open <= 0 < old.open:
            changes[due_timer_id(item_id)] = None
        elif old is None or (item.open > 0 and (old.open <= 0 or old.due_date != item.due_date)):
            timer = watch.timer(item_id, after.customer_id, item.due_date)
            changes[timer.timer_id] = timer
    return changes


def _changed_items(before: AccountState, after: AccountState) -> Iterator[tuple[str, DebitItem]]:
    """The items a fact booked or changed: the ledger replaces an item it changes and keeps
    the others as they were (the same objects), so an account's long list of untouched
    invoices costs one identity check each."""
    earlier = before.account.items
    for item_id, item in after.account.items.items():
        if earlier.get(item_id) is not item:
            yield item_id, item
