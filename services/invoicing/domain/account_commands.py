"""What can be asked of a customer account in invoicing, around the ledger's own commands.

The ledger's commands (``services.invoicing.domain.ledger.commands``) are sent as they
are; these add where a command came from and the few that only invoicing knows: opening
the account when customers registers the customer, booking an invoice (held while the
customer is unknown), a payment against one named invoice, and the due-date watch.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.invoicing.domain.ledger.commands import IssueInvoice, LedgerCommand
from services.invoicing.domain.reward_points import NoteRewardPoints
from shared.contracts.customers import Jurisdiction
from shared.contracts.money import Money

Source = Literal["api", "ingest"]


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OpenForCustomer(_Command):
    """Customers registered the customer: open its account (and book invoices held for it)."""

    jurisdiction: Jurisdiction
    on: dt.date


class BookInvoice(_Command):
    invoice: IssueInvoice
    source: Source = "api"


class PayInvoice(_Command):
    """Money against one named invoice: what exceeds its open amount stays unapplied."""

    payment_id: str
    invoice_id: str
    amount: Money
    value_date: dt.date
    source: Source = "api"
    booked_by: str | None = None


class OnLedger(_Command):
    """Any of the ledger's own commands, with who sent it."""

    command: LedgerCommand
    source: Source = "api"
    booked_by: str | None = None


class CheckInvoiceDue(_Command):
    """The due date plus grace of ``invoice_id`` has passed: note a missed payment."""

    timer_id: str = Field(min_length=1)
    invoice_id: str
    grace_days: int = Field(ge=0)


class CreditOpenAmounts(_Command):
    """Credit what is open on ``invoice_ids`` (at most ``limit`` in all), e.g. a dispute
    collections resolved as credited or a settlement's discount. Once per ``credit_note_id``;
    nothing open, nothing credited."""

    credit_note_id: str
    invoice_ids: tuple[str, ...] = Field(min_length=1)
    limit: Money | None = None
    on: dt.date
    reason: str = Field(min_length=1, max_length=500)


class BookRewardCredit(_Command):
    """A reward customers granted (points redeemed, a rebate): a credit note of ``amount``
    on the account, applied to open items by the account's allocation rule, the rest held
    as credit. Once per ``credit_note_id``."""

    credit_note_id: str = Field(min_length=1, max_length=80)
    amount: Money
    on: dt.date
    reason: str = Field(min_length=1, max_length=500)


class WriteOffEverything(_Command):
    """Write off every open item in ``currency`` (collections wrote the debtor off).
    Once per ``write_off_id``; nothing open, nothing written off."""

    write_off_id: str
    currency: str = Field(min_length=3, max_length=3)
    on: dt.date
    reason: str = Field(min_length=1, max_length=500)


class RunInterest(_Command):
    """Book late interest (and fixed compensation) through ``through`` (default: today) on
    every invoice of the account; ``timer_id`` when the monthly run fired, which then sets
    the next one. Booked at most once per invoice and period, however often it runs."""

    through: dt.date | None = None
    timer_id: str | None = None


class IssueStatement(_Command):
    """Draw up the statement for [period_from, period_to) (default: last calendar month);
    ``timer_id`` when the monthly run fired, which then sets the next one. Once per period."""

    period_from: dt.date | None = None
    period_to: dt.date | None = None
    timer_id: str | None = None


class ConfirmStatement(_Command):
    """The customer confirms a statement's balance (``on``: today unless given)."""

    statement_id: str = Field(min_length=1, max_length=64)
    on: dt.date | None = None
    by: str = Field(min_length=1, max_length=64)
    channel: Literal["link", "signed_copy"]


class DisputeStatementLines(_Command):
    statement_id: str = Field(min_length=1, max_length=64)
    invoice_ids: tuple[str, ...] = Field(min_length=1)
    reason: Literal["quality", "quantity", "price", "delivery", "other"]
    by: str = Field(min_length=1, max_length=64)


class SetStatementSchedule(_Command):
    """Draw up this customer's statements on ``day`` of each month (1..28)."""

    day: int = Field(ge=1, le=28)
    by: str = Field(min_length=1, max_length=128)


AccountCommand = (
    OpenForCustomer
    | BookInvoice
    | PayInvoice
    | OnLedger
    | CheckInvoiceDue
    | CreditOpenAmounts
    | BookRewardCredit
    | WriteOffEverything
    | RunInterest
    | IssueStatement
    | ConfirmStatement
    | DisputeStatementLines
    | SetStatementSchedule
    | NoteRewardPoints
)
