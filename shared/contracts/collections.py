"""Collections family: the debtor's course through dunning, promises and supply halt.

Every transition names the ``policy_version`` and the ``rule`` that fired it. What
collections records for itself (the debtor's registration, rating, invoice facts and
assigned policy) is its private history (``services/collections/domain/events.py``):
those types were published until 2026-11 and are retired here, so a follower skips the
old entries still in outbound streams instead of dead-lettering them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.codec import retired
from shared.contracts.envelope import Event, event
from shared.contracts.money import Money, PositiveMoney

retired(
    "collections",
    "DebtorRegistered",
    "DebtorRated",
    "DebtorInvoiceTracked",
    "DebtorPaymentApplied",
    "DebtorInvoiceClosed",
    "DebtorInvoiceOverdue",
    "PolicyAssigned",
)

DisputeReason = Literal["quality", "quantity", "price", "delivery", "other"]
Classification = Literal["hardship", "dispute", "unwilling", "unreachable", "insolvency"]
Resolution = Literal["paid", "plan_completed", "settled"]


class Provenance(Event):
    """A transition's provenance: the policy version and the rule that fired it."""

    policy_version: str = Field(max_length=32)
    rule: str = Field(max_length=64)


@event("collections")
class DunningLevelReached(Provenance):
    """The debtor reached dunning level ``level`` (0 = current, 1.. = overdue levels)."""

    type: Literal["DunningLevelReached"] = "DunningLevelReached"
    customer_id: str
    level: int = Field(ge=0)
    state: str = Field(max_length=32)
    overdue: Money
    # Every currency the debtor is overdue in (``overdue`` is the one the transition is about).
    overdue_by_currency: tuple[Money, ...] = ()
    # Days past due of the oldest unpaid invoice when the level was reached (None: unknown).
    days_past_due: int | None = None


@event("collections")
class DebtorCleared(Provenance):
    """Nothing is overdue any more; the debtor is back to current."""

    type: Literal["DebtorCleared"] = "DebtorCleared"
    customer_id: str
    resolution: Resolution = "paid"


@event("collections")
class PromiseMade(Event):
    """The debtor promised to pay ``amount`` by ``due_on``; dunning pauses until then + grace.

    (A payment plan's instalments are promises too: ``PromiseKept`` / ``PromiseBroken``
    name them ``<plan_id>/<number>``.)
    """

    type: Literal["PromiseMade"] = "PromiseMade"
    promise_id: str
    customer_id: str
    amount: PositiveMoney
    due_on: dt.date
    channel: str = Field(max_length=16)
    taken_by: str = Field(max_length=64)
    note: str = Field(default="", max_length=280)
    grace_days: int = Field(default=0, ge=0)


@event("collections")
class PromisePartlyPaid(Event):
    """A payment counted towards a pending promise without paying it in full."""

    type: Literal["PromisePartlyPaid"] = "PromisePartlyPaid"
    promise_id: str
    customer_id: str
    paid: Money
    remaining: PositiveMoney


@event("collections")
class PromiseKept(Event):
    """Payments value-dated by the promise's date (plus grace) reached its amount."""

    type: Literal["PromiseKept"] = "PromiseKept"
    promise_id: str
    customer_id: str
    paid: Money | None = None
    policy_version: str = Field(default="", max_length=32)
    rule: str = Field(default="", max_length=64)


@event("collections")
class PromiseBroken(Provenance):
    """The promise's date plus grace passed with ``shortfall`` still unpaid."""

    type: Literal["PromiseBroken"] = "PromiseBroken"
    promise_id: str
    customer_id: str
    shortfall: PositiveMoney
    paid: Money | None = None


@event("collections")
class PromiseSuperseded(Provenance):
    """A payment plan replaced the pending promise: it is neither kept nor broken, and no
    message may confirm it any more."""

    type: Literal["PromiseSuperseded"] = "PromiseSuperseded"
    promise_id: str
    customer_id: str
    plan_id: str


@event("collections")
class InvoiceDisputed(Event):
    """The invoice is set aside from dunning while the dispute is open; its clock pauses."""

    type: Literal["InvoiceDisputed"] = "InvoiceDisputed"
    invoice_id: str
    customer_id: str
    reason: DisputeReason
    raised_by: str = Field(default="", max_length=64)
    raised_on: dt.date | None = None


@event("collections")
class DisputeResolved(Event):
    """Back to dunning (its clock continues where it stood), or ended by a credit note."""

    type: Literal["DisputeResolved"] = "DisputeResolved"
    invoice_id: str
    customer_id: str
    outcome: Literal["upheld_back_to_dunning", "credited"]
    resolved_by: str = Field(default="", max_length=64)
    resolved_on: dt.date | None = None


@event("collections")
class SupplyHalted(Provenance):
    """Stop deliveries to this debtor (an ERP follows this on the outbound stream)."""

    type: Literal["SupplyHalted"] = "SupplyHalted"
    customer_id: str
    halt_id: str
    overdue: PositiveMoney
    reason: str = Field(default="overdue", max_length=64)


@event("collections")
class SupplyResumed(Provenance):
    """Deliveries may start again: the overdue balance was paid, or a plan was agreed."""

    type: Literal["SupplyResumed"] = "SupplyResumed"
    customer_id: str
    halt_id: str
    reason: str = Field(default="overdue_paid", max_length=64)


class Instalment(BaseModel):
    """One instalment of a payment plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)
    due_on: dt.date
    amount: PositiveMoney


@event("collections")
class PaymentPlanAgreed(Provenance):
    """A schedule of instalment promises (分期), or one later date for the lot (延期)."""

    type: Literal["PaymentPlanAgreed"] = "PaymentPlanAgreed"
    plan_id: str
    customer_id: str
    kind: Literal["instalments", "deferral"] = "instalments"
    instalments: tuple[Instalment, ...]  # at least one (the command checks)
    invoice_ids: tuple[str, ...] = ()
    taken_by: str = Field(max_length=64)
    grace_days: int = Field(default=0, ge=0)


@event("collections")
class InstalmentMissed(Provenance):
    """An instalment's date plus grace passed short: the plan is broken."""

    type: Literal["InstalmentMissed"] = "InstalmentMissed"
    plan_id: str
    customer_id: str
    number: int = Field(ge=1)
    shortfall: PositiveMoney


@event("collections")
class PaymentPlanCompleted(Provenance):
    """Every instalment of the plan was paid."""

    type: Literal["PaymentPlanCompleted"] = "PaymentPlanCompleted"
    plan_id: str
    customer_id: str


@event("collections")
class SettlementOffered(Provenance):
    """Pay ``pay`` by ``valid_until`` and ``discount`` (折扣) of the overdue balance is waived."""

    type: Literal["SettlementOffered"] = "SettlementOffered"
    offer_id: str
    customer_id: str
    invoice_ids: tuple[str, ...]
    pay: PositiveMoney
    discount: PositiveMoney
    valid_until: dt.date
    offered_by: str = Field(max_length=64)


@event("collections")
class SettlementAccepted(Event):
    type: Literal["SettlementAccepted"] = "SettlementAccepted"
    offer_id: str
    customer_id: str
    accepted_by: str = Field(max_length=64)


@event("collections")
class SettlementCompleted(Provenance):
    """The agreed amount was paid: the settled invoices close, ``discount`` recorded."""

    type: Literal["SettlementCompleted"] = "SettlementCompleted"
    offer_id: str
    customer_id: str
    paid: PositiveMoney
    discount: PositiveMoney
    invoice_ids: tuple[str, ...]


@event("collections")
class DebtorClassified(Event):
    """A collector's reading of why the debtor does not pay; the policy branches on it."""

    type: Literal["DebtorClassified"] = "DebtorClassified"
    customer_id: str
    classification: Classification
    classified_by: str = Field(max_length=64)


class InvoiceEvidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    invoice_id: str
    external_number: str
    due_date: dt.date | None
    outstanding: Money


class PromiseEvidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    promise_id: str
    amount: Money
    due_on: dt.date
    outcome: Literal["pending", "kept", "broken", "superseded"]


class MessageEvidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    request_id: str
    template: str
    requested_on: dt.date
    formal_demand: bool = False


class EvidenceSummary(BaseModel):
    """What an agency or a lawyer needs to take a file over: ids, amounts and dates only."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    invoices: tuple[InvoiceEvidence, ...] = ()
    promises: tuple[PromiseEvidence, ...] = ()
    messages: tuple[MessageEvidence, ...] = ()
    first_overdue_on: dt.date | None = None
    demand_issued_on: dt.date | None = None
    demand_delivered_on: dt.date | None = None


@event("collections")
class EscalatedToAgency(Provenance):
    """The file goes to a collection agency; automated reminders stop."""

    type: Literal["EscalatedToAgency"] = "EscalatedToAgency"
    customer_id: str
    overdue: PositiveMoney
    evidence: EvidenceSummary


@event("collections")
class EscalatedToLegal(Provenance):
    """The file goes to legal; automated reminders stop."""

    type: Literal["EscalatedToLegal"] = "EscalatedToLegal"
    customer_id: str
    overdue: PositiveMoney
    evidence: EvidenceSummary


@event("collections")
class CollectorTaskRaised(Provenance):
    """Work for a person: what, by when, for whom."""

    type: Literal["CollectorTaskRaised"] = "CollectorTaskRaised"
    task_id: str
    customer_id: str
    task: str = Field(max_length=64)
    due_on: dt.date
    assignee: str = Field(max_length=64)
    invoice_id: str | None = None


@event("collections")
class CollectorTaskCompleted(Event):
    """A person finished a task, with what came of it."""

    type: Literal["CollectorTaskCompleted"] = "CollectorTaskCompleted"
    task_id: str
    customer_id: str
    task: str = Field(max_length=64)
    outcome: str = Field(default="", max_length=280)
    completed_by: str = Field(max_length=64)


@event("collections")
class CollectorTaskReassigned(Event):
    """A task moved to another person (or team)."""

    type: Literal["CollectorTaskReassigned"] = "CollectorTaskReassigned"
    task_id: str
    customer_id: str
    task: str = Field(max_length=64)
    previous_assignee: str = Field(max_length=64)
    assignee: str = Field(max_length=64)
    reassigned_by: str = Field(max_length=64)


ConversationChannel = Literal["phone", "visit", "video", "email", "sms", "letter"]
ConversationOutcome = Literal[
    "reached",
    "no_answer",
    "left_message",
    "wrong_party",
    "promised_to_pay",
    "disputed",
    "refused_to_pay",
    "asked_for_time",
    "asked_not_to_be_called",
]


@event("collections")
class ConversationRecorded(Event):
    """A collector logged a call, visit or other conversation with the debtor, and its outcome.

    ``held_at`` is when it took place (it may be earlier than the recording). Whether the
    debtor was reached matters beyond the timeline: a conversation limits further calls where
    a compliance pack says so (US Regulation F: no call for 7 days after one)."""

    type: Literal["ConversationRecorded"] = "ConversationRecorded"
    conversation_id: str = Field(max_length=64)
    customer_id: str
    channel: ConversationChannel
    outcome: ConversationOutcome
    held_at: dt.datetime
    contact_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)
    recorded_by: str = Field(max_length=64)

    @property
    def reached(self) -> bool:
        """Whether a conversation with the debtor took place (not a missed call)."""
        return self.outcome not in ("no_answer", "left_message", "wrong_party")


@event("collections")
class DemandIssued(Provenance):
    """A formal demand letter (催款函) was asked for; reply expected by ``reply_by``."""

    type: Literal["DemandIssued"] = "DemandIssued"
    demand_id: str
    customer_id: str
    request_id: str
    overdue: PositiveMoney
    invoice_ids: tuple[str, ...]
    reply_by: dt.date


@event("collections")
class DemandDelivered(Event):
    """The formal demand arrived: the limitation period of its invoices restarts."""

    type: Literal["DemandDelivered"] = "DemandDelivered"
    demand_id: str
    customer_id: str
    delivered_on: dt.date
    invoice_ids: tuple[str, ...]


@event("collections")
class LimitationWarning(Provenance):
    """The invoice's limitation period (诉讼时效) ends on ``expires_on``."""

    type: Literal["LimitationWarning"] = "LimitationWarning"
    customer_id: str
    invoice_id: str
    expires_on: dt.date


@event("collections")
class DebtorWrittenOff(Event):
    """The remaining balance is written off; dunning ends."""

    type: Literal["DebtorWrittenOff"] = "DebtorWrittenOff"
    customer_id: str
    amounts: tuple[Money, ...]
    reason: str = Field(max_length=200)
    written_off_by: str = Field(max_length=64)
