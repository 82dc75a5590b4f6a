"""Statements (对账单): the account over a period [from, to), as data to render and send.

Opening balance (everything dated before ``from``), every journal line dated in the
period with a running balance, closing balance, and the open items as they stood at
the end of the period's last day, aged by days past due. Dates are business dates
(value dates, issue dates), so a statement drawn later for the same period also shows
facts recorded late but dated inside it; ``statement_id`` is the same for the same
customer and period, and part 2 numbers each issue of it.

The closing balance always equals the aged open items less the unapplied credit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.errors import EmptyStatementPeriod
from services.invoicing.domain.ledger.model import ZERO, Value
from shared.contracts.money import Amount

BUCKETS: tuple[tuple[int | None, str], ...] = (
    (0, "not_due"),
    (30, "1-30"),
    (60, "31-60"),
    (90, "61-90"),
    (None, "over_90"),
)


class StatementLine(Value):
    on: dt.date
    document_id: str
    kind: str
    text: str
    item_id: str | None
    debit: Amount
    credit: Amount
    balance: Amount


class AgedItem(Value):
    item_id: str
    kind: str
    booked_on: dt.date
    due_date: dt.date
    days_past_due: int
    bucket: str
    open: Amount


class CurrencyStatement(Value):
    currency: str
    opening_balance: Amount
    lines: tuple[StatementLine, ...]
    closing_balance: Amount
    open_items: tuple[AgedItem, ...]
    aging: dict[str, Amount]
    unapplied_credit: Amount


class Statement(Value):
    statement_id: uuid.UUID
    customer_id: str
    period_from: dt.date
    period_to: dt.date
    as_of: dt.date  # the period's last day
    currencies: tuple[CurrencyStatement, ...]
    reward_points: int | None = None
    """The customer's reward points balance at the end of ``as_of`` (None: no points ever)."""


STATEMENTS = uuid.UUID("0b6c7a52-3f0e-5d1c-9a8e-6c6564676572")  # fixed: ids must never change


def statement_id(customer_id: str, period_from: dt.date, period_to: dt.date) -> uuid.UUID:
    """The same customer and period always give the same id (UUID 5)."""
    return uuid.uuid5(STATEMENTS, f"{customer_id}/{period_from}/{period_to}")


def build_statement(account: Account, period_from: dt.date, period_to: dt.date) -> Statement:
    if period_to <= period_from:
        raise EmptyStatementPeriod(
            f"a statement period ends after it starts: {period_from}..{period_to}"
        )
    opening: dict[str, Decimal] = defaultdict(lambda: ZERO)
    period: dict[str, list[StatementLine]] = defaultdict(list)
    for entry in sorted(account.journal, key=lambda e: e.on):  # stable: same day keeps order
        if entry.on >= period_to:
            continue
        if entry.on < period_from:
            opening[entry.currency] += entry.debit - entry.credit
            continue
        lines = period[entry.currency]
        before = lines[-1].balance if lines else opening[entry.currency]
        lines.append(
            StatementLine(
                on=entry.on,
                document_id=entry.document_id,
                kind=entry.kind,
                text=entry.text,
                item_id=entry.item_id,
                debit=entry.debit,
                credit=entry.credit,
                balance=before + entry.debit - entry.credit,
            )
        )
    settled = _settled_at(account, period_to)
    aged = _aged_items(account, period_to, settled)
    unapplied = _unapplied(account, period_to, settled)
    currencies = sorted(set(opening) | set(period) | set(aged) | set(unapplied))
    return Statement(
        statement_id=statement_id(account.customer_id, period_from, period_to),
        customer_id=account.customer_id,
        period_from=period_from,
        period_to=period_to,
        as_of=period_to - dt.timedelta(days=1),
        currencies=tuple(
            _currency(c, opening[c], period[c], aged.get(c, []), unapplied.get(c, ZERO))
            for c in currencies
        ),
    )


def _currency(
    currency: str,
    opening: Decimal,
    lines: list[StatementLine],
    items: list[AgedItem],
    unapplied: Decimal,
) -> CurrencyStatement:
    aging = {name: ZERO for _, name in BUCKETS}
    for item in items:
        aging[item.bucket] += item.open
    return CurrencyStatement(
        currency=currency,
        opening_balance=opening,
        lines=tuple(lines),
        closing_balance=lines[-1].balance if lines else opening,
        open_items=tuple(items),
        aging=aging,
        unapplied_credit=unapplied,
    )


def _settled_at(account: Account, end: dt.date) -> dict[str, Decimal]:
    """Per item and per credit source: allocations dated before ``end`` and standing then."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for a in account.allocations:
        if a.on < end and (a.reversed_on is None or a.reversed_on >= end):
            totals[f"item:{a.item_id}"] += a.amount
            if a.kind in ("payment", "credit_note"):
                totals[f"source:{a.source_id}"] += a.amount
    for refund in account.refunds.values():
        if refund.on < end:
            totals[f"source:{refund.source_id}"] += refund.amount
    return totals


def _aged_items(
    account: Account, end: dt.date, settled: dict[str, Decimal]
) -> dict[str, list[AgedItem]]:
    as_of = end - dt.timedelta(days=1)
    found: dict[str, list[AgedItem]] = defaultdict(list)
    for item in sorted(account.items.values(), key=lambda i: (i.due_date, i.item_id)):
        left = item.amount - settled[f"item:{item.item_id}"]
        if item.booked_on >= end or left <= 0:
            continue
        late = (as_of - item.due_date).days
        bucket = next(name for limit, name in BUCKETS if limit is None or late <= limit)
        found[item.currency].append(
            AgedItem(
                item_id=item.item_id,
                kind=item.kind,
                booked_on=item.booked_on,
                due_date=item.due_date,
                days_past_due=max(late, 0),
                bucket=bucket,
                open=left,
            )
        )
    return found


def _unapplied(account: Account, end: dt.date, settled: dict[str, Decimal]) -> dict[str, Decimal]:
    """Credit held at ``end``, including money matched twice to one item at that date.

    That happens only in hindsight: money value-dated back into a stretch in which a
    payment, reversed later, still stood on the same item. By value dates the customer
    had then paid the item twice, so the surplus is shown as its credit.
    """
    found: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for source in account.sources.values():
        gone = source.reversed_on is not None and source.reversed_on < end
        if source.on < end and not gone:
            found[source.currency] += source.amount - settled[f"source:{source.source_id}"]
    for item in account.items.values():
        found[item.currency] += max(ZERO, settled[f"item:{item.item_id}"] - item.amount)
    return {c: v for c, v in found.items() if v != 0}
