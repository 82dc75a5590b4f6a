"""What the API shows of a customer account and its invoices, read from the ledger.

Every amount is shown at its currency's minor unit (``0.00``, never ``0`` or ``0.000``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from services.invoicing.domain.account_state import AccountState
from services.invoicing.domain.ledger import Statement
from services.invoicing.domain.ledger.model import DebitItem, money, rounded
from services.invoicing.domain.ledger.withheld import WithheldInterest
from shared.contracts.money import Money

InvoiceStatus = Literal[
    "pending_customer", "open", "overdue", "settled", "credited", "written_off", "cancelled"
]


class PaymentView(BaseModel):
    payment_id: str
    amount: Money
    value_date: dt.date


class InvoiceView(BaseModel):
    """An invoice on its customer's account; ``version`` is the account's stream position."""

    external_number: str
    customer_id: str
    status: InvoiceStatus
    amount: Money
    paid: Money
    credited: Money
    written_off: Money
    outstanding: Money
    charges_open: Money
    issue_date: dt.date
    due_date: dt.date | None
    settled_on: dt.date | None
    payment_missed: bool
    payments: list[PaymentView]
    version: int

    @classmethod
    def held(cls, state: AccountState, invoice_id: str, version: int) -> InvoiceView:
        cmd = state.held[invoice_id].invoice
        zero = Money.zero(cmd.amount.currency)
        return cls(
            external_number=invoice_id,
            customer_id=state.customer_id,
            status="pending_customer",
            amount=money(cmd.amount.amount, cmd.amount.currency),
            paid=zero, credited=zero, written_off=zero, charges_open=zero,
            outstanding=money(cmd.amount.amount, cmd.amount.currency),
            issue_date=cmd.issue_date, due_date=cmd.due_date, settled_on=None,
            payment_missed=False, payments=[], version=version,
        )  # fmt: skip

    @classmethod
    def of(cls, state: AccountState, item: DebitItem, version: int) -> InvoiceView:
        by_kind: dict[str, Decimal] = {}
        payments: list[PaymentView] = []
        last: dt.date | None = None
        for a in state.account.allocations:
            if a.item_id != item.item_id or a.reversed_on is not None:
                continue
            by_kind[a.kind] = by_kind.get(a.kind, Decimal(0)) + a.amount
            last = a.on if last is None else max(last, a.on)
            if a.kind == "payment":
                payments.append(
                    PaymentView(
                        payment_id=a.source_id,
                        amount=money(a.amount, item.currency),
                        value_date=a.on,
                    )
                )
        charges = sum((c.open for c in state.account.charges_of(item.item_id)), Decimal(0))
        c = item.currency
        return cls(
            external_number=item.item_id,
            customer_id=state.customer_id,
            status=_status(state, item, by_kind),
            amount=money(item.amount, c),
            paid=money(by_kind.get("payment", Decimal(0)), c),
            credited=money(by_kind.get("credit_note", Decimal(0)), c),
            written_off=money(by_kind.get("write_off", Decimal(0)), c),
            outstanding=money(item.open, c),
            charges_open=money(charges, c),
            issue_date=item.booked_on,
            due_date=item.due_date,
            settled_on=last if item.open <= 0 and item.cancelled_on is None else None,
            payment_missed=item.item_id in state.missed,
            payments=payments,
            version=version,
        )


def _status(state: AccountState, item: DebitItem, by_kind: dict[str, Decimal]) -> InvoiceStatus:
    if item.cancelled_on is not None:
        return "cancelled"
    if item.open > 0:
        return "overdue" if item.item_id in state.missed else "open"
    if by_kind.get("write_off", Decimal(0)) > 0:
        return "written_off"
    # Closed by money and credit notes together: named after the larger part.
    paid, credited = by_kind.get("payment", Decimal(0)), by_kind.get("credit_note", Decimal(0))
    return "settled" if paid > credited else "credited"


class OpenItemView(BaseModel):
    item_id: str
    kind: str
    invoice_id: str
    booked_on: dt.date
    due_date: dt.date
    amount: Money
    open: Money


class UnappliedView(BaseModel):
    source_id: str
    kind: str
    on: dt.date
    unapplied: Money


class CurrencyBalance(BaseModel):
    """Per currency: ``balance`` = open items less unapplied credit; ``invoices_open`` is
    the invoices' principal alone (what collections follows and reconcile compares)."""

    currency: str
    open_items: Money
    invoices_open: Money
    unapplied_credit: Money
    balance: Money


class AccountView(BaseModel):
    customer_id: str
    opened: bool
    jurisdiction: str | None
    allocation_rule: str | None
    balances: list[CurrencyBalance]
    open_items: list[OpenItemView]
    unapplied: list[UnappliedView]
    held_invoices: list[str]
    statement_day: int
    version: int
    interest_withheld: tuple[WithheldInterest, ...] = Field(
        default=(),
        description="invoices whose late interest is not booked from `since` on, and why "
        "(the jurisdiction pack's reference-rate table ends before today: no rate is guessed)",
    )

    @classmethod
    def of(cls, state: AccountState, version: int) -> AccountView:
        account = state.account
        items = sorted(
            (i for i in account.items.values() if i.open > 0),
            key=lambda i: (i.due_date, i.item_id),
        )
        balances = []
        for c in account.currencies():
            invoices = sum(
                (i.open for i in account.items.values() if i.currency == c and i.kind == "invoice"),
                Decimal(0),
            )
            balances.append(
                CurrencyBalance(
                    currency=c,
                    open_items=money(account.owed(c), c),
                    invoices_open=money(invoices, c),
                    unapplied_credit=money(account.unapplied(c), c),
                    balance=money(account.owed(c) - account.unapplied(c), c),
                )
            )
        settings = account.settings
        return cls(
            customer_id=state.customer_id,
            opened=settings is not None,
            jurisdiction=settings.jurisdiction if settings else None,
            allocation_rule=settings.allocation_rule if settings else None,
            balances=balances,
            open_items=[
                OpenItemView(
                    item_id=i.item_id,
                    kind=i.kind,
                    invoice_id=i.group_id,
                    booked_on=i.booked_on,
                    due_date=i.due_date,
                    amount=money(i.amount, i.currency),
                    open=money(i.open, i.currency),
                )
                for i in items
            ],
            unapplied=[
                UnappliedView(
                    source_id=s.source_id,
                    kind=s.kind,
                    on=s.on,
                    unapplied=money(s.unapplied, s.currency),
                )
                for c in account.currencies()
                for s in account.credit_available(c)
            ],
            held_invoices=sorted(state.held),
            statement_day=state.statement_day,
            version=version,
        )


class InvoicePage(BaseModel):
    """One page of invoices; ``next_offset`` is None on the last page."""

    invoices: list[InvoiceView]
    total: int
    next_offset: int | None


def normalised(statement: Statement) -> Statement:
    """The statement with every amount at its currency's minor unit (``0.00``, not ``0``)."""
    currencies = []
    for cur in statement.currencies:
        c = cur.currency

        def q(value: Decimal, currency: str = c) -> Decimal:
            return rounded(value, currency)

        currencies.append(
            cur.model_copy(
                update={
                    "opening_balance": q(cur.opening_balance),
                    "closing_balance": q(cur.closing_balance),
                    "unapplied_credit": q(cur.unapplied_credit),
                    "aging": {k: q(v) for k, v in cur.aging.items()},
                    "lines": tuple(
                        line.model_copy(
                            update={
                                "debit": q(line.debit),
                                "credit": q(line.credit),
                                "balance": q(line.balance),
                            }
                        )
                        for line in cur.lines
                    ),
                    "open_items": tuple(
                        i.model_copy(update={"open": q(i.open)}) for i in cur.open_items
                    ),
                }
            )
        )
    return statement.model_copy(update={"currencies": tuple(currencies)})
