"""The facts analytics folds: what happened to receivables and to the work of collecting them.

Each fact carries the date it takes effect in the business (an issue date, a payment's value
date, a credit note's effective date…), not the moment it reached us: a report as of a date
uses only what was effective then, so a backdated fact corrects the past instead of the
present. ``fact_id`` makes folding idempotent (the source event's id is the natural one).

Amounts are ``Money`` in the invoice's currency; no fact carries a name, an address or any
other personal datum — ids, amounts, dates and codes only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from shared.contracts.money import PositiveMoney

Id = Annotated[str, Field(min_length=1, max_length=128)]
Code = Annotated[str, Field(min_length=1, max_length=64)]
Item = Literal["invoice", "debit_note", "charge"]
AdjustmentReason = Literal["credit_note", "cancellation", "write_off"]
Dimension = Literal["segment", "collector"]


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    fact_id: Id


class InvoiceIssued(_Fact):
    """A receivable came into being: an invoice, a debit note, or a charge (interest, fees)."""

    kind: Literal["invoice_issued"] = "invoice_issued"
    invoice_id: Id
    customer_id: Id
    amount: PositiveMoney
    issue_date: dt.date
    due_date: dt.date
    item: Item = "invoice"

    @model_validator(mode="after")
    def _due_not_before_issue(self) -> InvoiceIssued:
        if self.due_date < self.issue_date:
            raise ValueError(f"due_date {self.due_date} is before issue_date {self.issue_date}")
        return self


class PaymentApplied(_Fact):
    """Money applied to one invoice, effective on the payment's value date."""

    kind: Literal["payment_applied"] = "payment_applied"
    payment_id: Id
    invoice_id: Id
    amount: PositiveMoney
    value_date: dt.date


class PaymentReversed(_Fact):
    """A payment's application to an invoice is undone (a bounced payment) from ``effective_on``."""

    kind: Literal["payment_reversed"] = "payment_reversed"
    payment_id: Id
    invoice_id: Id
    effective_on: dt.date


class InvoiceAdjusted(_Fact):
    """The amount owed on an invoice goes down without a payment: credit note, cancellation, or
    write-off (bad debt), effective on ``effective_on``."""

    kind: Literal["invoice_adjusted"] = "invoice_adjusted"
    invoice_id: Id
    reason: AdjustmentReason
    amount: PositiveMoney
    effective_on: dt.date


class InvoiceCancelled(_Fact):
    """From ``effective_on`` nothing is owed on the invoice: it is no debt. The cancellation
    takes what was left on it at the end of that day (``ledger.adjustments``); the ledger
    cancels only invoices nothing was paid, credited or written off on, so that is the whole
    amount. Its event names no amount: the book works it out, whatever order facts arrive in."""

    kind: Literal["invoice_cancelled"] = "invoice_cancelled"
    invoice_id: Id
    effective_on: dt.date


class DueDateChanged(_Fact):
    """From ``effective_on`` the invoice is due on ``due_date`` (a correction is effective from
    the invoice's issue date)."""

    kind: Literal["due_date_changed"] = "due_date_changed"
    invoice_id: Id
    due_date: dt.date
    effective_on: dt.date


class DebtorAssigned(_Fact):
    """From ``effective_on`` the debtor belongs to this segment, or is worked by this collector."""

    kind: Literal["debtor_assigned"] = "debtor_assigned"
    customer_id: Id
    dimension: Dimension
    value: Code
    effective_on: dt.date


class DunningStepTaken(_Fact):
    """The debtor reached dunning ``level`` on ``taken_on``; ``invoice_ids`` the step was about
    (empty: every invoice of the debtor overdue that day)."""

    kind: Literal["dunning_step"] = "dunning_step"
    customer_id: Id
    level: int = Field(ge=0)
    taken_on: dt.date
    invoice_ids: tuple[Id, ...] = ()


class MessageSent(_Fact):
    """A dunning message left on a channel. ``sent_at`` is read in the offset it carries (the
    recipient's local time when the producer knows it) for the hour and weekday of sending."""

    kind: Literal["message_sent"] = "message_sent"
    customer_id: Id
    template: Code
    template_version: Code
    channel: Code
    sent_at: AwareDatetime
    invoice_ids: tuple[Id, ...] = ()


class HandedOver(_Fact):
    """The debtor's file went to a collection agency or to legal on ``on``."""

    kind: Literal["handed_over"] = "handed_over"
    customer_id: Id
    to: Literal["agency", "legal"]
    on: dt.date
    invoice_ids: tuple[Id, ...] = ()


class PromiseMade(_Fact):
    kind: Literal["promise_made"] = "promise_made"
    promise_id: Id
    customer_id: Id
    amount: PositiveMoney
    made_on: dt.date
    due_on: dt.date
    taken_by: Code


class PromiseResolved(_Fact):
    kind: Literal["promise_resolved"] = "promise_resolved"
    promise_id: Id
    outcome: Literal["kept", "broken"]
    on: dt.date


class PlanAgreed(_Fact):
    kind: Literal["plan_agreed"] = "plan_agreed"
    plan_id: Id
    customer_id: Id
    agreed_on: dt.date
    taken_by: Code


class PlanEnded(_Fact):
    kind: Literal["plan_ended"] = "plan_ended"
    plan_id: Id
    outcome: Literal["completed", "broken"]
    on: dt.date


class DisputeRaised(_Fact):
    kind: Literal["dispute_raised"] = "dispute_raised"
    invoice_id: Id
    customer_id: Id
    raised_on: dt.date
    reason: Code


class DisputeResolved(_Fact):
    """Ends the invoice's earliest dispute still open on ``resolved_on``."""

    kind: Literal["dispute_resolved"] = "dispute_resolved"
    invoice_id: Id
    resolved_on: dt.date
    outcome: Literal["upheld", "credited"]
    resolved_by: Code | None = None


Fact = Annotated[
    InvoiceIssued
    | PaymentApplied
    | PaymentReversed
    | InvoiceAdjusted
    | InvoiceCancelled
    | DueDateChanged
    | DebtorAssigned
    | DunningStepTaken
    | MessageSent
    | HandedOver
    | PromiseMade
    | PromiseResolved
    | PlanAgreed
    | PlanEnded
    | DisputeRaised
    | DisputeResolved,
    Field(discriminator="kind"),
]

FACT = TypeAdapter[Fact](Fact)
"""Parses a fact from its JSON or a dict by its ``kind``; a bad one raises pydantic's
``ValidationError`` naming the field and the rule."""
