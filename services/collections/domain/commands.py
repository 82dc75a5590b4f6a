"""What collections is asked to do for a debtor, taken from the facts other services publish.

Each command names the debtor (``customer_id``); the invoice commands carry
``invoice_version``, the version of the invoicing fact they came from, which orders
facts about one invoice however they arrive.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Event, Money
from shared.contracts.collections import (
    Classification,
    ConversationChannel,
    ConversationOutcome,
    DisputeReason,
)
from shared.contracts.customers import CreditRated, CustomerRegistered
from shared.contracts.invoicing import (
    InvoiceCancelled,
    InvoiceCredited,
    InvoiceDueDateChanged,
    InvoiceIssued,
    InvoiceSettled,
    InvoiceWrittenOff,
    PaymentMissed,
    PaymentReceived,
    PaymentReversed,
    StatementConfirmed,
    StatementLineDisputed,
)
from shared.contracts.money import PositiveMoney
from shared.contracts.notifications import NotificationSent, NotificationSuppressed


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    customer_id: str = Field(min_length=1)


class _InvoiceCommand(_Command):
    invoice_id: str
    invoice_version: int = Field(ge=1)


class RegisterDebtor(_Command):
    """Remember the debtor's jurisdiction, currency and segment."""

    jurisdiction: str
    currency: str
    segment: str = "standard"


class TrackInvoice(_InvoiceCommand):
    """Follow a newly issued invoice."""

    external_number: str
    amount: Money
    issue_date: dt.date
    due_date: dt.date


class ApplyPayment(_InvoiceCommand):
    """Book a payment against an invoice; ``outstanding`` is invoicing's balance after it."""

    payment_id: str
    amount: Money
    value_date: dt.date
    outstanding: Money


class CloseInvoice(_InvoiceCommand):
    """The invoice has nothing left to pay."""

    settled_on: dt.date


class AdjustInvoice(_InvoiceCommand):
    """Invoicing's balance of the invoice changed outside a payment (``cause`` names the
    fact); ``due_date`` when the due date was corrected."""

    cause: str
    outstanding: Money
    due_date: dt.date | None = None


class AcknowledgeDebt(_Command):
    """The debtor confirmed a statement (invoicing's ``StatementConfirmed``)."""

    statement_id: str
    invoice_ids: tuple[str, ...]
    confirmed_on: dt.date


class RecordMissedPayment(_InvoiceCommand):
    """The invoice's due date (plus grace) passed with ``outstanding`` unpaid."""

    external_number: str
    due_date: dt.date
    outstanding: Money


class RecordRating(_Command):
    """The customer's credit rating changed (from customers)."""

    rating: Literal["A", "B", "C", "D", "E"]


class Review(_Command):
    """Look at the debtor again (a durable timer fired): promises, plans, levels, limitation."""


class MakePromise(_Command):
    """A collector took a promise to pay ``amount`` by ``due_on``."""

    promise_id: str = Field(min_length=1, max_length=64)
    amount: PositiveMoney
    due_on: dt.date
    channel: str = Field(min_length=1, max_length=16)
    taken_by: str = Field(min_length=1, max_length=64)
    note: str = Field(default="", max_length=280)


class PlannedInstalment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    due_on: dt.date
    amount: PositiveMoney


class AgreePlan(_Command):
    """Instalments (分期), or a deferral (延期): one later date for the whole amount."""

    plan_id: str = Field(min_length=1, max_length=64)
    kind: Literal["instalments", "deferral"] = "instalments"
    instalments: tuple[PlannedInstalment, ...] = Field(min_length=1)
    taken_by: str = Field(min_length=1, max_length=64)


class OfferSettlement(_Command):
    """Offer to close the overdue balance in ``discount``'s currency for less (折扣)."""

    offer_id: str = Field(min_length=1, max_length=64)
    discount: PositiveMoney
    valid_until: dt.date
    offered_by: str = Field(min_length=1, max_length=64)


class AcceptSettlement(_Command):
    offer_id: str
    accepted_by: str = Field(min_length=1, max_length=64)


class DisputeInvoice(_Command):
    invoice_id: str
    reason: DisputeReason
    raised_by: str = Field(min_length=1, max_length=64)


class ResolveDispute(_Command):
    invoice_id: str
    outcome: Literal["upheld_back_to_dunning", "credited"]
    resolved_by: str = Field(min_length=1, max_length=64)


class ClassifyDebtor(_Command):
    classification: Classification
    classified_by: str = Field(min_length=1, max_length=64)


class WriteOff(_Command):
    reason: str = Field(min_length=1, max_length=200)
    written_off_by: str = Field(min_length=1, max_length=64)


class CompleteTask(_Command):
    task_id: str = Field(min_length=1, max_length=64)
    outcome: str = Field(default="", max_length=280)
    completed_by: str = Field(min_length=1, max_length=64)


class ReassignTask(_Command):
    task_id: str = Field(min_length=1, max_length=64)
    assignee: str = Field(min_length=1, max_length=64)
    reassigned_by: str = Field(min_length=1, max_length=64)


class RecordConversation(_Command):
    conversation_id: str = Field(min_length=1, max_length=64)
    channel: ConversationChannel
    outcome: ConversationOutcome
    held_at: dt.datetime
    contact_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)
    recorded_by: str = Field(min_length=1, max_length=64)


class RecordDemandDelivered(_Command):
    """Notifications delivered a formal demand (its ``request_id``) on ``delivered_on``."""

    request_id: str
    delivered_on: dt.date


class RecordWordingRefused(_Command):
    """Notifications refused a rendered message at send time (R5): a person must look at
    the names or text it was rendered with."""

    request_id: str
    channel: str
    reason: str


FactCommand = (
    RegisterDebtor
    | TrackInvoice
    | ApplyPayment
    | CloseInvoice
    | AdjustInvoice
    | AcknowledgeDebt
    | RecordMissedPayment
    | RecordRating
    | RecordDemandDelivered
    | RecordWordingRefused
)
DunningCommand = (  # a collector's commands the dunning policy takes part in
    MakePromise
    | AgreePlan
    | OfferSettlement
    | AcceptSettlement
    | DisputeInvoice
    | ResolveDispute
    | ClassifyDebtor
    | WriteOff
)
CaseworkCommand = CompleteTask | ReassignTask | RecordConversation  # what people did
CollectorCommand = DunningCommand | CaseworkCommand
Command = FactCommand | CollectorCommand | Review


# Which integration event asks which command; the fields carry over by name.
_ASKED_BY: dict[type[Event], type[FactCommand] | type[DisputeInvoice]] = {
    CustomerRegistered: RegisterDebtor,
    InvoiceIssued: TrackInvoice,
    PaymentReceived: ApplyPayment,
    InvoiceSettled: CloseInvoice,
    InvoiceCredited: AdjustInvoice,
    InvoiceCancelled: AdjustInvoice,
    InvoiceWrittenOff: AdjustInvoice,
    PaymentReversed: AdjustInvoice,
    InvoiceDueDateChanged: AdjustInvoice,
    StatementConfirmed: AcknowledgeDebt,
    StatementLineDisputed: DisputeInvoice,
    PaymentMissed: RecordMissedPayment,
    CreditRated: RecordRating,
}


def command_for(event: Event) -> Command | None:
    """The command an integration event asks of collections; None when it asks nothing."""
    if isinstance(event, NotificationSent):
        return demand_delivered(event)
    if isinstance(event, NotificationSuppressed):
        return wording_refused(event)
    kind = _ASKED_BY.get(type(event))
    if kind is None:
        return None
    # The fields the command shares with the event, as they are (frozen values).
    fields = {name: getattr(event, name) for name in _shared_fields(type(event), kind)}
    if kind is AdjustInvoice:
        fields["cause"] = event.type
    if issubclass(kind, _InvoiceCommand):
        fields["invoice_version"] = event.aggregate_version
    return kind.model_validate(fields)


@functools.cache
def _shared_fields(event: type[Event], kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields ``kind`` takes from ``event`` by name (worked out once per pair of types:
    pydantic's ``model_fields`` is a slow descriptor, and every fact asked for them)."""
    given = event.__pydantic_fields__
    return tuple(name for name in kind.__pydantic_fields__ if name in given)


WORDING_REFUSED = "wording:"  # the reason notifications gives an R5 refusal at send time


def wording_refused(event: NotificationSuppressed) -> RecordWordingRefused | None:
    """A message refused at send time for its wording (R5); other suppressions are the
    gate's ordinary answers and ask nothing of collections."""
    if event.rule != "R5" or not event.reason.startswith(WORDING_REFUSED):
        return None
    return RecordWordingRefused(
        customer_id=event.customer_id, request_id=event.request_id, channel=event.channel,
        reason=event.reason,
    )  # fmt: skip


def demand_delivered(sent: NotificationSent) -> RecordDemandDelivered | None:
    """A formal demand letter that left is taken as delivered on the day it was sent."""
    if sent.template != "demand_letter":
        return None
    return RecordDemandDelivered(
        customer_id=sent.customer_id, request_id=sent.request_id, delivered_on=sent.sent_at.date()
    )
