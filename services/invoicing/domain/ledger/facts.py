"""What happened to a customer account: the facts ``decide`` returns and ``evolve`` folds.

They carry no envelope; part 2 stores them as the account aggregate's domain events
(the repository stamps ids, versions and times) and maps some to integration events.
Each fact holds every number it changes (allocations, interest computations), so
folding never needs a rate table, a pack or a clock: replay gives the same account.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from services.invoicing.domain.ledger.model import (
    AccountSettings,
    ChargeKind,
    CreditCause,
    InterestSegment,
    Line,
    SourcedLine,
    Value,
)
from services.invoicing.domain.ledger.terms import EarlyDiscount
from shared.contracts.money import Money


class AccountOpened(Value):
    type: Literal["AccountOpened"] = "AccountOpened"
    customer_id: str
    settings: AccountSettings
    on: dt.date


class AccountSettingsChanged(Value):
    type: Literal["AccountSettingsChanged"] = "AccountSettingsChanged"
    settings: AccountSettings
    on: dt.date


class InvoiceBooked(Value):
    type: Literal["InvoiceBooked"] = "InvoiceBooked"
    invoice_id: str
    amount: Money
    issue_date: dt.date
    due_date: dt.date
    terms: str | None = None
    discount: EarlyDiscount | None = None


class ChargeBooked(Value):
    """A debit note, a fee or the fixed compensation for late payment."""

    type: Literal["ChargeBooked"] = "ChargeBooked"
    charge_id: str
    kind: ChargeKind
    amount: Money
    booked_on: dt.date
    due_date: dt.date
    invoice_id: str | None = None
    reason: str


class InterestCharged(Value):
    """Late interest on ``invoice_id`` for [period_from, period_to), booked as a charge.

    ``amount`` = ``accrued_to_date`` (all interest from the first day of delay to
    ``period_to``, rounded once) less ``booked_before``: a backdated fact that changed
    an earlier period is settled here, and rounding never drifts across periods.
    """

    type: Literal["InterestCharged"] = "InterestCharged"
    charge_id: str
    invoice_id: str
    amount: Money
    booked_on: dt.date
    period_from: dt.date
    period_to: dt.date
    segments: tuple[InterestSegment, ...]
    accrued_to_date: Money
    booked_before: Money
    basis: str


class InterestCorrected(Value):
    """Interest booked earlier exceeds what is owed through ``period_to``: credited back."""

    type: Literal["InterestCorrected"] = "InterestCorrected"
    credit_note_id: str
    invoice_id: str
    amount: Money
    booked_on: dt.date
    period_to: dt.date
    applied: tuple[Line, ...]
    accrued_to_date: Money
    booked_before: Money


class CreditNoteIssued(Value):
    """``lines`` say what is credited; ``applied`` what that settled (the rest is unapplied)."""

    type: Literal["CreditNoteIssued"] = "CreditNoteIssued"
    credit_note_id: str
    amount: Money
    issued_on: dt.date
    reason: str
    cause: CreditCause = "credit"
    lines: tuple[Line, ...]
    applied: tuple[Line, ...]
    payment_ids: tuple[str, ...] = ()


class InvoiceCancelled(Value):
    type: Literal["InvoiceCancelled"] = "InvoiceCancelled"
    invoice_id: str
    on: dt.date
    reason: str


class DueDateChanged(Value):
    type: Literal["DueDateChanged"] = "DueDateChanged"
    invoice_id: str
    due_date: dt.date
    previous_due_date: dt.date
    on: dt.date
    reason: str


class PaymentReceived(Value):
    type: Literal["PaymentReceived"] = "PaymentReceived"
    payment_id: str
    amount: Money
    value_date: dt.date
    reference: str | None = None
    applied: tuple[Line, ...]


class UnappliedCreditApplied(Value):
    type: Literal["UnappliedCreditApplied"] = "UnappliedCreditApplied"
    application_id: str
    currency: str
    on: dt.date
    lines: tuple[SourcedLine, ...]


class UnappliedCreditRefunded(Value):
    type: Literal["UnappliedCreditRefunded"] = "UnappliedCreditRefunded"
    refund_id: str
    source_id: str
    amount: Money
    on: dt.date
    reason: str


class PaymentReversed(Value):
    """The payment bounced: every allocation it made (and discounts it earned) is undone."""

    type: Literal["PaymentReversed"] = "PaymentReversed"
    reversal_id: str
    payment_id: str
    amount: Money
    on: dt.date
    reason: str
    undone: tuple[Line, ...]
    credit_notes_reversed: tuple[str, ...] = ()


class BalanceWrittenOff(Value):
    type: Literal["BalanceWrittenOff"] = "BalanceWrittenOff"
    write_off_id: str
    currency: str
    on: dt.date
    reason: str
    lines: tuple[Line, ...]


class InterestWaived(Value):
    """A person waived the late interest and compensation of an invoice, from ``on`` on."""

    type: Literal["InterestWaived"] = "InterestWaived"
    waiver_id: str
    invoice_id: str
    currency: str
    on: dt.date
    by: str
    reason: str
    lines: tuple[Line, ...]


LedgerFact = Annotated[
    AccountOpened
    | AccountSettingsChanged
    | InvoiceBooked
    | ChargeBooked
    | InterestCharged
    | InterestCorrected
    | CreditNoteIssued
    | InvoiceCancelled
    | DueDateChanged
    | PaymentReceived
    | UnappliedCreditApplied
    | UnappliedCreditRefunded
    | PaymentReversed
    | BalanceWrittenOff
    | InterestWaived,
    Field(discriminator="type"),
]
