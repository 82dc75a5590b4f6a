"""Invoicing family: invoices, payments, missed due dates."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import Event, event
from shared.contracts.money import Money, PositiveMoney


@event("invoicing")
class InvoiceIssued(Event):
    """An invoice to a debtor exists and is payable by ``due_date``."""

    type: Literal["InvoiceIssued"] = "InvoiceIssued"
    invoice_id: str
    customer_id: str
    external_number: str = Field(min_length=1, max_length=64)
    amount: PositiveMoney
    issue_date: dt.date
    due_date: dt.date
    source: Literal["api", "ingest"] = "api"


@event("invoicing")
class PaymentReceived(Event):
    """Money arrived against an invoice; ``outstanding`` is what is left after it."""

    type: Literal["PaymentReceived"] = "PaymentReceived"
    payment_id: str
    invoice_id: str
    customer_id: str
    amount: PositiveMoney
    value_date: dt.date
    outstanding: Money
    source: Literal["api", "ingest"] = "api"
    booked_by: str | None = Field(default=None, max_length=128)
    """The API key (its name) that booked it through the API; None from the ingest stream."""


@event("invoicing")
class InvoiceSettled(Event):
    """The invoice has nothing left to pay."""

    type: Literal["InvoiceSettled"] = "InvoiceSettled"
    invoice_id: str
    customer_id: str
    settled_on: dt.date


@event("invoicing")
class PaymentMissed(Event):
    """The due date plus grace passed with money still outstanding."""

    type: Literal["PaymentMissed"] = "PaymentMissed"
    invoice_id: str
    customer_id: str
    external_number: str
    due_date: dt.date
    outstanding: PositiveMoney
    grace_days: int = Field(ge=0)


class _InvoiceBalance(Event):
    """A fact that changed what is left to pay on one invoice; ``outstanding`` is after it.

    Invoicing publishes every such fact from the customer's account (the ledger of record),
    so ``aggregate_id`` is the customer id and ``aggregate_version`` orders the facts of all
    the customer's invoices.
    """

    invoice_id: str
    customer_id: str
    outstanding: Money


@event("invoicing")
class InvoiceCredited(_InvoiceBalance):
    """A credit note (a credited dispute, an early-payment or settlement discount, a
    correction, a reward the customer redeemed or a rebate) reduced what is owed on the
    invoice."""

    type: Literal["InvoiceCredited"] = "InvoiceCredited"
    credit_note_id: str
    amount: PositiveMoney
    issued_on: dt.date
    cause: Literal["credit", "early_payment_discount", "interest_correction", "reward"] = "credit"


@event("invoicing")
class InvoiceCancelled(_InvoiceBalance):
    """An unpaid invoice was cancelled: nothing is owed on it, it is no debt."""

    type: Literal["InvoiceCancelled"] = "InvoiceCancelled"
    cancelled_on: dt.date


@event("invoicing")
class InvoiceDueDateChanged(_InvoiceBalance):
    """The invoice's due date was corrected (a backdated fact): overdue days count from
    ``due_date`` now."""

    type: Literal["InvoiceDueDateChanged"] = "InvoiceDueDateChanged"
    due_date: dt.date
    previous_due_date: dt.date
    changed_on: dt.date


@event("invoicing")
class InvoiceWrittenOff(_InvoiceBalance):
    """The invoice's open amount was written off as bad debt."""

    type: Literal["InvoiceWrittenOff"] = "InvoiceWrittenOff"
    write_off_id: str
    amount: PositiveMoney
    written_off_on: dt.date


@event("invoicing")
class PaymentReversed(_InvoiceBalance):
    """A payment bounced or was recalled: what it paid on the invoice is owed again."""

    type: Literal["PaymentReversed"] = "PaymentReversed"
    payment_id: str
    reversal_id: str
    amount: PositiveMoney
    reversed_on: dt.date


class StatementItem(BaseModel):
    """One invoice still open at the end of a statement's period."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    invoice_id: str
    due_date: dt.date
    outstanding: Money


@event("invoicing")
class StatementIssued(Event):
    """A statement of account (对账单) for [period_from, period_to) was drawn up for the
    customer; its PDF is served by invoicing (``GET /customers/{id}/statement.pdf``).
    Balances per currency; no names or addresses."""

    type: Literal["StatementIssued"] = "StatementIssued"
    customer_id: str
    statement_id: str = Field(min_length=1, max_length=64)
    period_from: dt.date
    period_to: dt.date
    opening_balances: tuple[Money, ...]
    closing_balances: tuple[Money, ...]
    lines: int = Field(ge=0)
    open_items: int = Field(ge=0)
    open_invoices: tuple[StatementItem, ...] = ()
    confirm_url: str | None = Field(default=None, max_length=512)
    """The customer's signed link to the page where it confirms the balance (absolute; the
    token in it answers this one statement, nothing else, until it expires)."""
    dispute_url: str | None = Field(default=None, max_length=512)
    """The customer's signed link to the page where it disputes lines of the statement."""
    reward_points: int | None = Field(default=None, ge=0)
    """The customer's reward points balance at the end of the period's last day (None: the
    customer's points never changed)."""


@event("invoicing")
class StatementConfirmed(Event):
    """The customer confirmed a statement's balance (by its signed link, or a signed copy
    recorded by staff): an acknowledgement of the debt, which restarts the limitation
    period of the invoices open on it."""

    type: Literal["StatementConfirmed"] = "StatementConfirmed"
    customer_id: str
    statement_id: str = Field(min_length=1, max_length=64)
    confirmed_on: dt.date
    confirmed_by: str = Field(min_length=1, max_length=64, description="role or key name")
    channel: Literal["link", "signed_copy"]
    invoice_ids: tuple[str, ...] = ()


@event("invoicing")
class StatementLineDisputed(Event):
    """The customer disputed one invoice on a statement (by its signed link, or recorded
    by staff): collections sets the invoice aside as disputed."""

    type: Literal["StatementLineDisputed"] = "StatementLineDisputed"
    customer_id: str
    statement_id: str = Field(min_length=1, max_length=64)
    invoice_id: str
    reason: Literal["quality", "quantity", "price", "delivery", "other"]
    raised_by: str = Field(min_length=1, max_length=64)
