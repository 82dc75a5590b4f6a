"""The debtor as collections sees it: its invoices, balances and dunning state.

``evolve`` folds the debtor's own stored events into this state; it never decides.
Amounts are kept per currency: a debtor may owe in several.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Event, Money
from shared.contracts.collections import (
    DebtorCleared,
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
    DebtorRegistered,
    DunningLevelReached,
)

AGGREGATE_TYPE = "debtor"
DebtorStatus = Literal["current", "overdue"]


class TrackedInvoice(BaseModel):
    """One invoice of the debtor; fields fill in as invoicing's facts arrive, in any order."""

    model_config = ConfigDict(frozen=True)

    invoice_id: str
    external_number: str = ""
    currency: str | None = None
    amount: Decimal | None = None  # known once the invoice's issue was seen
    issue_date: dt.date | None = None
    due_date: dt.date | None = None
    outstanding: Decimal = Decimal(0)
    missed: bool = False
    as_of: int = 0  # invoicing version of the newest fact that set ``outstanding``
    payments: tuple[str, ...] = ()

    @property
    def issued(self) -> bool:
        return self.amount is not None

    @property
    def overdue(self) -> bool:
        """Its due date was missed and money is still outstanding on it."""
        return self.missed and self.outstanding > 0

    def outstanding_money(self) -> Money | None:
        """What is left to pay, once the invoice's currency is known."""
        return Money(amount=self.outstanding, currency=self.currency) if self.currency else None

    def is_newer(self, invoice_version: int) -> bool:
        return invoice_version > self.as_of


class Debtor(BaseModel):
    """State of one debtor (aggregate id = customer id)."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    jurisdiction: str | None = None
    currency: str | None = None
    segment: str | None = None
    status: DebtorStatus = "current"
    level: int = 0
    episode: int = 0  # overdue episodes entered so far (current → overdue transitions)
    policy_version: str | None = None
    invoices: dict[str, TrackedInvoice] = Field(default_factory=dict)

    @property
    def registered(self) -> bool:
        return self.jurisdiction is not None

    def invoice(self, invoice_id: str) -> TrackedInvoice | None:
        return self.invoices.get(invoice_id)

    def invoices_by_due_date(self) -> list[TrackedInvoice]:
        """Every tracked invoice, oldest due date first (unknown due dates last)."""
        return sorted(
            self.invoices.values(), key=lambda i: (i.due_date or dt.date.max, i.invoice_id)
        )

    def overdue_invoices(self, currency: str | None = None) -> list[TrackedInvoice]:
        """Overdue invoices (of one currency, if given), oldest due date first."""
        return [
            i
            for i in self.invoices_by_due_date()
            if i.overdue and (currency is None or i.currency == currency)
        ]

    def overdue_by_currency(self) -> dict[str, Decimal]:
        return _by_currency(self.overdue_invoices())

    def outstanding_by_currency(self) -> dict[str, Decimal]:
        return _by_currency([i for i in self.invoices.values() if i.outstanding > 0])


def _by_currency(invoices: list[TrackedInvoice]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        if (currency := invoice.currency) is not None:
            totals[currency] = totals.get(currency, Decimal(0)) + invoice.outstanding
    return dict(sorted(totals.items()))


def initial(customer_id: str) -> Debtor:
    return Debtor(customer_id=customer_id)


def evolve(state: Debtor, event: Event) -> Debtor:
    """The debtor after one of its own events (other types leave it unchanged)."""
    match event:
        case DebtorRegistered():
            return state.model_copy(
                update={
                    "jurisdiction": event.jurisdiction,
                    "currency": event.currency,
                    "segment": event.segment,
                }
            )
        case (
            DebtorInvoiceTracked()
            | DebtorPaymentApplied()
            | DebtorInvoiceClosed()
            | DebtorInvoiceOverdue()
        ):
            return _with_invoice(state, _apply_fact(_invoice_of(state, event.invoice_id), event))
        case DunningLevelReached():
            return _reached(state, event)
        case DebtorCleared():
            return state.model_copy(
                update={"status": "current", "level": 0, "policy_version": event.policy_version}
            )
    return state


def _reached(state: Debtor, event: DunningLevelReached) -> Debtor:
    entering = state.status == "current" and event.level > 0
    return state.model_copy(
        update={
            "status": event.state,
            "level": event.level,
            "episode": state.episode + (1 if entering else 0),
            "policy_version": event.policy_version,
        }
    )


def _invoice_of(state: Debtor, invoice_id: str) -> TrackedInvoice:
    return state.invoices.get(invoice_id) or TrackedInvoice(invoice_id=invoice_id)


def _with_invoice(state: Debtor, invoice: TrackedInvoice) -> Debtor:
    return state.model_copy(update={"invoices": {**state.invoices, invoice.invoice_id: invoice}})


InvoiceFact = (
    DebtorInvoiceTracked | DebtorPaymentApplied | DebtorInvoiceClosed | DebtorInvoiceOverdue
)


def _apply_fact(invoice: TrackedInvoice, event: InvoiceFact) -> TrackedInvoice:
    update: dict[str, object] = {"as_of": max(invoice.as_of, event.invoice_version)}
    match event:
        case DebtorInvoiceTracked():
            update |= {
                "external_number": event.external_number,
                "amount": event.amount.amount,
                "issue_date": event.issue_date,
                "due_date": event.due_date,
            }
        case DebtorPaymentApplied():
            update["payments"] = (*invoice.payments, event.payment_id)
        case DebtorInvoiceOverdue():
            update |= {
                "external_number": event.external_number,
                "due_date": event.due_date,
                "missed": True,
            }
        case DebtorInvoiceClosed():
            update["outstanding"] = Decimal(0)
    if not isinstance(event, DebtorInvoiceClosed):
        update |= {"outstanding": event.outstanding.amount, "currency": event.outstanding.currency}
    return invoice.model_copy(update=update)


def fold(state: Debtor, events: list[Event]) -> Debtor:
    for event in events:
        state = evolve(state, event)
    return state
