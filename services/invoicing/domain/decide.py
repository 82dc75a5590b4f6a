"""``decide(state, command, now, rules) -> Decision`` for the customer account.

The ledger decides the facts; this adds what invoicing does around them: holds an invoice
while its customer is unknown (``pending_customer``, booked when customers registers the
customer), turns every fact into the stored ``AccountFactRecorded`` plus the integration
events other services follow about each invoice it touched, with ``outstanding`` after
it (``publishing``), and keeps the due-date timers in step in the same append.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import assert_never

from services.invoicing.domain.account_commands import (
    AccountCommand,
    BookInvoice,
    BookRewardCredit,
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
    WriteOffEverything,
)
from services.invoicing.domain.account_state import AccountState, InvoiceHeld, Source, apply_fact
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.ledger import LedgerContext, LedgerFact
from services.invoicing.domain.ledger import decide as ledger_decide
from services.invoicing.domain.ledger.commands import (
    AccrueInterest,
    IssueCreditNote,
    OpenAccount,
    ReceivePayment,
    WriteOff,
)
from services.invoicing.domain.ledger.errors import (
    CurrencyMismatch,
    DocumentIdConflict,
    DueDateBeforeIssueDate,
    RateNotPublished,
    UnknownItem,
)
from services.invoicing.domain.ledger.model import AccountSettings, Line
from services.invoicing.domain.ledger.rates import JurisdictionPack
from services.invoicing.domain.publishing import Origin, publish
from services.invoicing.domain.reward_points import NoteRewardPoints, note_reward_points
from services.invoicing.domain.rewards import reward_credit
from services.invoicing.domain.statement_run import (
    AnswerLinks,
    confirm_statement,
    dispute_lines,
    issue_statement,
    set_schedule,
    statement_timer,
)
from shared.contracts.invoicing import PaymentMissed
from shared.kernel import Decision, Timer, new_event

INTEREST_TIMER_KIND = "interest_run"


@dataclass(frozen=True)
class AccountRules:
    """What decisions need besides the state: the packs, the due watch, the tolerance, and
    what signs a statement's answer links."""

    packs: Mapping[str, JurisdictionPack]
    watch: DueWatch
    value_date_tolerance_days: int = 1
    links: AnswerLinks | None = None
    _last: list[tuple[dt.datetime, LedgerContext] | None] = field(
        default_factory=lambda: [None], init=False, repr=False, compare=False
    )
    """The context of the last ``now`` asked for: a batch's commands share one clock read."""

    def today(self, now: dt.datetime) -> dt.date:
        return now.astimezone(self.watch.zone).date()

    def ledger_pack(self, jurisdiction: str) -> JurisdictionPack:
        """The jurisdiction's pack (refused by name when none is shipped)."""
        return LedgerContext(dt.date.min, self.packs).pack(jurisdiction)

    def ledger(self, now: dt.datetime) -> LedgerContext:
        last = self._last[0]
        if last is not None and last[0] == now:  # the same instant: the same business day
            return last[1]
        context = LedgerContext(self.today(now), self.packs, self.value_date_tolerance_days)
        self._last[0] = (now, context)
        return context


def decide(
    state: AccountState, command: AccountCommand, now: dt.datetime, rules: AccountRules
) -> Decision:
    context = rules.ledger(now)
    match command:
        case OpenForCustomer():
            return open_for_customer(state, command, now, rules)
        case BookInvoice():
            if not state.is_open:
                return hold_invoice(state, command, now)
            facts = ledger_decide(state.account, command.invoice, context)
            return publish(state, facts, now, rules.watch, Origin(command.source))
        case PayInvoice():
            facts = ledger_decide(state.account, pay_invoice(state, command), context)
            origin = Origin(command.source, command.booked_by)
            return publish(state, facts, now, rules.watch, origin)
        case OnLedger():
            facts = ledger_decide(state.account, command.command, context)
            origin = Origin(command.source, command.booked_by)
            return publish(state, facts, now, rules.watch, origin)
        case CheckInvoiceDue():
            return check_invoice_due(state, command, now, rules)
        case CreditOpenAmounts():
            facts = credit_open_amounts(state, command, context)
            return publish(state, facts, now, rules.watch, Origin("api", "collections"))
        case RunInterest():
            return run_interest(state, command, now, rules)
        case ConfirmStatement():
            return confirm_statement(state, command, now, context.today)
        case DisputeStatementLines():
            return dispute_lines(state, command, now)
        case SetStatementSchedule():
            return set_schedule(state, command, now, context.today, rules.watch.timezone)
        case IssueStatement():
            today, zone = context.today, rules.watch.timezone
            return issue_statement(state, command, now, today, zone, rules.links)
        case BookRewardCredit():
            facts = reward_credit(state, command, context)
            return publish(state, facts, now, rules.watch, Origin("api", "customers"))
        case WriteOffEverything():
            facts = write_off_everything(state, command, context)
            return publish(state, facts, now, rules.watch, Origin("api", "collections"))
        case NoteRewardPoints():
            return note_reward_points(state.customer_id, state.reward_points, command, now)
        case _:
            assert_never(command)


def open_for_customer(
    state: AccountState, cmd: OpenForCustomer, now: dt.datetime, rules: AccountRules
) -> Decision:
    """Open once (a re-sent registration changes nothing), then book what was held."""
    if state.is_open:
        return Decision()
    context = rules.ledger(now)
    opening = OpenAccount(settings=AccountSettings(jurisdiction=cmd.jurisdiction), on=cmd.on)
    facts: list[LedgerFact] = list(ledger_decide(state.account, opening, context))
    opened = publish(state, facts, now, rules.watch, Origin("api"))
    events, schedule = list(opened.events), list(opened.schedule)
    after = opened_state(state, facts)
    for held in state.held.values():
        booked = ledger_decide(after.account, held.invoice, context)
        decided = publish(after, booked, now, rules.watch, Origin(held.source))
        events += decided.events
        schedule += decided.schedule
        after = opened_state(after, booked, held.source)
    schedule.append(interest_timer(state.customer_id, context.today, rules))
    schedule.append(statement_timer(state.customer_id, context.today, rules.watch.timezone))
    return Decision(events=events, schedule=schedule)


def opened_state(
    state: AccountState, facts: Sequence[LedgerFact], source: Source = "api"
) -> AccountState:
    for fact in facts:
        state = apply_fact(state, fact, source)
    return state


def hold_invoice(state: AccountState, cmd: BookInvoice, now: dt.datetime) -> Decision:
    """The customer is not known yet: hold the invoice (once) until it is registered."""
    invoice = cmd.invoice
    if invoice.due_date is not None and invoice.due_date < invoice.issue_date:
        raise DueDateBeforeIssueDate(
            f"due date {invoice.due_date} is before issue date {invoice.issue_date}"
        )
    earlier = state.held.get(invoice.invoice_id)
    if earlier is not None:
        if earlier.invoice != invoice:
            raise DocumentIdConflict(f"{invoice.invoice_id} is already held with other data")
        return Decision()
    held = new_event(
        InvoiceHeld, now, customer_id=state.customer_id, invoice=cmd.invoice, source=cmd.source
    )
    return Decision(events=[held])


def pay_invoice(state: AccountState, cmd: PayInvoice) -> ReceivePayment:
    """The payer named one invoice: pay it up to its open amount, keep the rest unapplied."""
    invoice = state.account.item(cmd.invoice_id)
    if invoice.kind != "invoice":
        raise UnknownItem(f"{cmd.invoice_id} is a {invoice.kind.replace('_', ' ')}, not an invoice")
    if invoice.currency != cmd.amount.currency:
        raise CurrencyMismatch(
            f"payment {cmd.payment_id} is in {cmd.amount.currency}, invoice {invoice.item_id} "
            f"in {invoice.currency}"
        )
    earlier = state.account.sources.get(cmd.payment_id)
    owed = sum((i.open for i in state.account.group(invoice.item_id)), invoice.open * 0)
    take = min(cmd.amount.amount, owed)
    lines = (Line(item_id=invoice.item_id, amount=take),) if take > 0 and earlier is None else ()
    return ReceivePayment(
        payment_id=cmd.payment_id,
        amount=cmd.amount,
        value_date=cmd.value_date,
        reference=cmd.invoice_id,
        allocations=lines,
    )


def check_invoice_due(
    state: AccountState, cmd: CheckInvoiceDue, now: dt.datetime, rules: AccountRules
) -> Decision:
    """At due date plus grace: a missed payment if anything is still owed, once per due date."""
    invoice = state.account.items.get(cmd.invoice_id)
    if invoice is None or invoice.kind != "invoice" or invoice.cancelled_on is not None:
        return Decision()
    if cmd.invoice_id in state.missed or invoice.open <= 0:
        return Decision()
    if rules.watch.missed_at(invoice.due_date) > now:
        return Decision()  # the due date moved later since the timer was set
    missed = new_event(
        PaymentMissed,
        now,
        invoice_id=invoice.item_id,
        customer_id=state.customer_id,
        external_number=invoice.item_id,
        due_date=invoice.due_date,
        outstanding={"amount": invoice.open, "currency": invoice.currency},
        grace_days=cmd.grace_days,
    )
    return Decision(events=[missed])


def credit_open_amounts(
    state: AccountState, cmd: CreditOpenAmounts, context: LedgerContext
) -> tuple[LedgerFact, ...]:
    """Collections' outcome booked as a credit note on what is still open, once."""
    if not state.is_open or cmd.credit_note_id in state.account.sources:
        return ()
    left = cmd.limit.amount if cmd.limit is not None else None
    lines: list[Line] = []
    for invoice_id in cmd.invoice_ids:
        item = state.account.items.get(invoice_id)
        if item is None or item.kind != "invoice" or item.cancelled_on is not None:
            continue
        if cmd.limit is not None and item.currency != cmd.limit.currency:
            continue
        take = item.open if left is None else min(item.open, left)
        if take > 0:
            lines.append(Line(item_id=invoice_id, amount=take))
            left = None if left is None else left - take
    if not lines:
        return ()
    note = IssueCreditNote(
        credit_note_id=cmd.credit_note_id,
        issued_on=min(cmd.on, context.today),
        reason=cmd.reason,
        lines=tuple(lines),
    )
    return ledger_decide(state.account, note, context)


def write_off_everything(
    state: AccountState, cmd: WriteOffEverything, context: LedgerContext
) -> tuple[LedgerFact, ...]:
    """Collections wrote the debtor off: book the bad debt on every open item, once."""
    account = state.account
    if not state.is_open or f"write_off:{cmd.write_off_id}" in account.operations:
        return ()
    if account.owed(cmd.currency) <= 0:
        return ()
    write_off = WriteOff(
        write_off_id=cmd.write_off_id,
        on=min(cmd.on, context.today),
        reason=cmd.reason,
        currency=cmd.currency,
    )
    return ledger_decide(account, write_off, context)


def interest_timer(customer_id: str, today: dt.date, rules: AccountRules) -> Timer:
    """The account's monthly interest run: 00:00 on the 1st of the next month (business
    time zone), booking the interest of every day before it."""
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return Timer(
        timer_id=f"interest:{customer_id}",
        kind=INTEREST_TIMER_KIND,
        aggregate_id=customer_id,
        due_at=dt.datetime.combine(first, dt.time.min, tzinfo=rules.watch.zone),
        payload={"customer_id": customer_id},
    )


def run_interest(
    state: AccountState, cmd: RunInterest, now: dt.datetime, rules: AccountRules
) -> Decision:
    """Accrue through ``through`` (today by default). A fired run sets the next one; where a
    pack's rate table ends before ``through``, the fired run books each invoice's interest
    up to the table's last day and withholds the rest (shown in the account view as
    ``interest_withheld``) until the table is updated; an explicit request is refused."""
    if not state.is_open:
        return Decision()
    context = rules.ledger(now)
    through = cmd.through or context.today
    try:
        accrue = AccrueInterest(through=through, up_to_published=cmd.timer_id is not None)
        facts = ledger_decide(state.account, accrue, context)
    except RateNotPublished:
        if cmd.timer_id is None:
            raise
        facts = ()
    decided = publish(state, facts, now, rules.watch, Origin("api", "interest run"))
    if cmd.timer_id is None:
        return decided
    again = interest_timer(state.customer_id, context.today, rules)
    return Decision(decided.events, [*decided.schedule, again], decided.cancel)
