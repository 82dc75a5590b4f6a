"""The monthly statement run (对账单): on the 1st of each month, at 06:00 in the business
time zone, each account's statement of the month before is drawn up and published
(``StatementIssued``) once; a customer with nothing on its account gets none."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from services.invoicing.domain.account_commands import (
    ConfirmStatement,
    DisputeStatementLines,
    IssueStatement,
    SetStatementSchedule,
)
from services.invoicing.domain.account_state import AccountState, StatementScheduleSet
from services.invoicing.domain.ledger import Statement, build_statement
from services.invoicing.domain.ledger.errors import LedgerNotFound, UnknownItem
from services.invoicing.domain.ledger.model import money
from services.invoicing.domain.reward_points import points_balance
from shared.contracts.invoicing import (
    StatementConfirmed,
    StatementIssued,
    StatementItem,
    StatementLineDisputed,
)
from shared.kernel import Decision, Timer, new_event

STATEMENT_TIMER_KIND = "statement_run"


class UnknownStatement(LedgerNotFound):
    code = "unknown_statement"


RUN_AT = dt.time(6, 0)


class AnswerLinks(Protocol):
    """Makes a statement's signed (confirm, dispute) links: a keyed signature, so the
    composition root supplies it and the decision stays free of secrets."""

    def for_statement(
        self, customer_id: str, statement_id: str, issued_on: dt.date
    ) -> tuple[str, str]: ...


def statement_timer(customer_id: str, today: dt.date, timezone: str, day: int = 1) -> Timer:
    """The next run: ``day`` of the month after today's (06:00, business time zone)."""
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=day)
    if today < today.replace(day=day):
        first = today.replace(day=day)
    return Timer(
        timer_id=f"statement:{customer_id}",
        kind=STATEMENT_TIMER_KIND,
        aggregate_id=customer_id,
        due_at=dt.datetime.combine(first, RUN_AT, tzinfo=ZoneInfo(timezone)),
        payload={"customer_id": customer_id},
    )


def last_month(today: dt.date, day: int = 1) -> tuple[dt.date, dt.date]:
    """The month of statements ending on ``day`` of this month (or of the last one)."""
    end = today.replace(day=day) if today.day >= day else _month_before(today).replace(day=day)
    return _month_before(end).replace(day=day), end


def _month_before(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def issue_statement(
    state: AccountState,
    cmd: IssueStatement,
    now: dt.datetime,
    today: dt.date,
    timezone: str,
    links: AnswerLinks | None = None,
) -> Decision:
    """The statement of the period (last month by default), once, with the customer's
    signed links to confirm it or dispute its lines."""
    day = state.statement_day
    again = [statement_timer(state.customer_id, today, timezone, day)] if cmd.timer_id else []
    default_from, default_to = last_month(today, day)
    period_from, period_to = cmd.period_from or default_from, cmd.period_to or default_to
    statement = account_statement(state, period_from, period_to)
    statement_id = str(statement.statement_id)
    if not state.is_open or not statement.currencies or statement_id in state.statements:
        return Decision(schedule=again)
    confirm, dispute = (
        links.for_statement(state.customer_id, statement_id, today) if links else (None, None)
    )
    issued = new_event(
        StatementIssued,
        now,
        customer_id=state.customer_id,
        statement_id=statement_id,
        period_from=period_from,
        period_to=period_to,
        opening_balances=tuple(money(c.opening_balance, c.currency) for c in statement.currencies),
        closing_balances=tuple(money(c.closing_balance, c.currency) for c in statement.currencies),
        lines=sum(len(c.lines) for c in statement.currencies),
        open_items=sum(len(c.open_items) for c in statement.currencies),
        open_invoices=tuple(
            StatementItem(
                invoice_id=i.item_id, due_date=i.due_date, outstanding=money(i.open, c.currency)
            )
            for c in statement.currencies
            for i in c.open_items
            if i.kind == "invoice"
        ),
        confirm_url=confirm,
        dispute_url=dispute,
        reward_points=statement.reward_points,
    )
    return Decision(events=[issued], schedule=again)


def account_statement(state: AccountState, period_from: dt.date, period_to: dt.date) -> Statement:
    """The ledger's statement of the account, with the reward points balance as of its last
    day (what customers reported by then)."""
    statement = build_statement(state.account, period_from, period_to)
    points = points_balance(state.reward_points, statement.as_of)
    return statement.model_copy(update={"reward_points": points})


def confirm_statement(
    state: AccountState, cmd: ConfirmStatement, now: dt.datetime, today: dt.date
) -> Decision:
    """Once per statement: the debtor acknowledged the balance of the invoices open on it."""
    invoices = known_statement(state, cmd.statement_id)
    if cmd.statement_id in state.confirmed:
        return Decision()
    confirmed = new_event(
        StatementConfirmed, now, customer_id=state.customer_id, statement_id=cmd.statement_id,
        confirmed_on=cmd.on or today, confirmed_by=cmd.by, channel=cmd.channel,
        invoice_ids=invoices,
    )  # fmt: skip
    return Decision(events=[confirmed])


def dispute_lines(state: AccountState, cmd: DisputeStatementLines, now: dt.datetime) -> Decision:
    """One ``StatementLineDisputed`` per invoice of the statement the customer disputes."""
    invoices = known_statement(state, cmd.statement_id)
    unknown = [i for i in cmd.invoice_ids if i not in invoices]
    if unknown:
        raise UnknownItem(
            f"{', '.join(unknown)} is not an open invoice on statement {cmd.statement_id}"
        )
    return Decision(
        events=[
            new_event(
                StatementLineDisputed,
                now,
                customer_id=state.customer_id,
                statement_id=cmd.statement_id,
                invoice_id=invoice_id,
                reason=cmd.reason,
                raised_by=cmd.by,
            )
            for invoice_id in dict.fromkeys(cmd.invoice_ids)
        ]
    )


def known_statement(state: AccountState, statement_id: str) -> tuple[str, ...]:
    if statement_id not in state.statements:
        raise UnknownStatement(f"no statement {statement_id} for customer {state.customer_id}")
    return state.statement_invoices.get(statement_id, ())


def set_schedule(
    state: AccountState, cmd: SetStatementSchedule, now: dt.datetime, today: dt.date, zone: str
) -> Decision:
    """A new statement day: recorded, and the next run moved to it."""
    if cmd.day == state.statement_day:
        return Decision()
    changed = new_event(StatementScheduleSet, now, customer_id=state.customer_id, day=cmd.day,
                        set_by=cmd.by)  # fmt: skip
    return Decision(events=[changed], schedule=[statement_timer(state.customer_id, today, zone,
                                                                cmd.day)])  # fmt: skip
