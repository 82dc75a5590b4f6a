"""What can be asked of a customer account. Shapes only; the rules live in the deciders.

Every command names its document or operation by an id the sender chooses (the ERP's
number, the bank's reference, a collector's operation id): sent again it changes
nothing, sent again with other data it is refused (``DocumentIdConflict``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from services.invoicing.domain.ledger.model import (
    AccountSettings,
    AllocationRule,
    DocumentId,
    Line,
    Text,
    Value,
)
from services.invoicing.domain.ledger.terms import PaymentTerms
from shared.contracts.money import Money


class OpenAccount(Value):
    settings: AccountSettings
    on: dt.date


class ChangeAccountSettings(Value):
    settings: AccountSettings
    on: dt.date


class IssueInvoice(Value):
    """Without ``due_date`` the due date follows from ``terms`` (else the account's terms)."""

    invoice_id: DocumentId
    amount: Money
    issue_date: dt.date
    due_date: dt.date | None = None
    terms: PaymentTerms | None = None


class RaiseCharge(Value):
    """A debit note (more principal) or a fee (costs), on its own or against an invoice."""

    charge_id: DocumentId
    kind: Literal["debit_note", "fee"]
    amount: Money
    booked_on: dt.date
    due_date: dt.date | None = None
    invoice_id: DocumentId | None = None
    reason: Text


class IssueCreditNote(Value):
    """Credit ``lines`` (invoices or charges, one or more); what is not open stays unapplied."""

    credit_note_id: DocumentId
    issued_on: dt.date
    reason: Text
    lines: tuple[Line, ...] = Field(min_length=1)


class CancelInvoice(Value):
    invoice_id: DocumentId
    on: dt.date
    reason: Text


class ChangeDueDate(Value):
    invoice_id: DocumentId
    due_date: dt.date
    on: dt.date
    reason: Text


class ReceivePayment(Value):
    """Money received; ``allocations`` if the payer said what it pays, else the rule decides.

    ``reference`` is the payer's remittance text (invoice numbers in it steer the
    ``reference_then_oldest`` rule).
    """

    payment_id: DocumentId
    amount: Money
    value_date: dt.date
    reference: str | None = Field(default=None, max_length=500)
    allocations: tuple[Line, ...] | None = None


class ApplyUnappliedCredit(Value):
    """Allocate credit held on account: from ``source_id`` or every source, oldest first."""

    application_id: DocumentId
    currency: str = Field(min_length=3, max_length=3)
    on: dt.date
    source_id: DocumentId | None = None
    allocations: tuple[Line, ...] | None = None
    rule: AllocationRule | None = None


class RefundUnappliedCredit(Value):
    refund_id: DocumentId
    source_id: DocumentId
    amount: Money
    on: dt.date
    reason: Text


class ReversePayment(Value):
    """The payment bounced or was recalled: undo exactly what it did."""

    reversal_id: DocumentId
    payment_id: DocumentId
    on: dt.date
    reason: Text


class WriteOff(Value):
    """Write off (bad debt) the open amount of ``item_ids``, or of every item in ``currency``."""

    write_off_id: DocumentId
    on: dt.date
    reason: Text
    item_ids: tuple[DocumentId, ...] = ()
    currency: str | None = Field(default=None, min_length=3, max_length=3)


class AccrueInterest(Value):
    """Book late interest (and fixed compensation) through ``through`` (exclusive).

    The job runs this as often as it likes: what is booked is keyed by invoice and
    period, so the same ``through`` twice books nothing the second time.
    """

    through: dt.date
    invoice_ids: tuple[DocumentId, ...] = ()
    up_to_published: bool = False
    """The job's run: where the pack's rate table ends before ``through``, book an invoice's
    interest up to its last published day and withhold the rest (``withheld_interest``)
    instead of refusing the whole run; an explicit request is refused (``RateNotPublished``)."""


class WaiveInterest(Value):
    """A person waives an invoice's late interest and compensation, booked and to come."""

    waiver_id: DocumentId
    invoice_id: DocumentId
    on: dt.date
    by: Text
    reason: Text


LedgerCommand = (
    OpenAccount
    | ChangeAccountSettings
    | IssueInvoice
    | RaiseCharge
    | IssueCreditNote
    | CancelInvoice
    | ChangeDueDate
    | ReceivePayment
    | ApplyUnappliedCredit
    | RefundUnappliedCredit
    | ReversePayment
    | WriteOff
    | AccrueInterest
    | WaiveInterest
)
