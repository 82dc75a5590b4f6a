"""One notification request's state: what was asked, and where each delivery stands.

A delivery is one (channel, contact) pair. Its life:
``allowed`` (claimed, about to be sent) → ``sent``; or ``deferred`` / ``retrying`` (a
durable timer will ask the gate again); or ``suppressed`` / ``failed`` (final).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shared.contracts import Event, Money
from shared.contracts.notifications import (
    Channel,
    GateDecision,
    InstalmentRef,
    InvoiceRef,
    LegalStep,
    NotificationAccepted,
    NotificationAllowed,
    NotificationDeferred,
    NotificationFailed,
    NotificationRefreshed,
    NotificationSent,
    NotificationSuppressed,
    PromiseRef,
)
from shared.kernel.time import to_epoch_ms

AGGREGATE_TYPE = "notification"
ANY_CONTACT = "*"
Status = Literal["allowed", "deferred", "retrying", "sent", "suppressed", "failed"]
OPEN: frozenset[Status] = frozenset({"allowed", "deferred", "retrying"})


def delivery_key(channel: str, contact_id: str | None) -> str:
    return f"{channel}/{contact_id or ANY_CONTACT}"


def timer_id_for(request_id: str, channel: str, contact_id: str, due: datetime) -> str:
    """Deterministic, and distinct per due time: a re-deferral is a new timer."""
    return f"notification:{request_id}:{channel}:{contact_id}:{to_epoch_ms(due)}"


class Delivery(BaseModel):
    model_config = ConfigDict(frozen=True)

    channel: Channel
    contact_id: str | None
    status: Status
    attempts: int = 0
    timer_id: str | None = None
    until: datetime | None = None
    rule: str | None = None
    decisions: tuple[GateDecision, ...] = ()


class NotificationState(BaseModel):
    model_config = ConfigDict(frozen=True)

    request_id: str
    customer_id: str = ""
    accepted: bool = False
    requested_at: datetime | None = None  # when notifications took the request on
    correlation_id: str = ""
    template: str = ""
    channels: tuple[Channel, ...] = ()
    invoices: tuple[InvoiceRef, ...] = ()
    total_outstanding: Money | None = None
    promise: PromiseRef | None = None
    instalments: tuple[InstalmentRef, ...] = ()
    formal_demand: bool = False
    reply_by: date | None = None
    legal_steps: tuple[LegalStep, ...] = ()
    time_barred: bool = False
    confirm_link: str = ""  # a statement's signed answer links
    dispute_link: str = ""
    deliveries: dict[str, Delivery] = {}

    def delivery(self, channel: str, contact_id: str | None) -> Delivery | None:
        return self.deliveries.get(delivery_key(channel, contact_id))

    def with_delivery(self, delivery: Delivery) -> NotificationState:
        key = delivery_key(delivery.channel, delivery.contact_id)
        return self.model_copy(update={"deliveries": {**self.deliveries, key: delivery}})


def initial(request_id: str) -> NotificationState:
    return NotificationState(request_id=request_id)


def evolve(state: NotificationState, event: Event) -> NotificationState:
    """Fold one stored event into the state (unknown types leave it unchanged)."""
    if isinstance(event, NotificationAccepted):
        return state.model_copy(update={
            "accepted": True, "customer_id": event.customer_id,
            "requested_at": event.requested_at,  # unknown for requests taken before it was kept
            "correlation_id": str(event.correlation_id), "template": event.template,
            "channels": event.channels, "invoices": event.invoices,
            "total_outstanding": event.total_outstanding, "promise": event.promise,
            "instalments": event.instalments, "formal_demand": event.formal_demand,
            "reply_by": event.reply_by, "legal_steps": event.legal_steps,
            "time_barred": event.time_barred,
            "confirm_link": event.confirm_link or "", "dispute_link": event.dispute_link or "",
        })  # fmt: skip
    if isinstance(event, NotificationRefreshed):
        return state.model_copy(update={
            "invoices": event.invoices, "total_outstanding": event.total_outstanding,
            "promise": event.promise, "instalments": event.instalments,
        })  # fmt: skip
    previous = _previous(state, event)
    change = _change(state, event, previous)
    return state.with_delivery(change) if change is not None else state


def _previous(state: NotificationState, event: Event) -> Delivery | None:
    channel, contact_id = getattr(event, "channel", None), getattr(event, "contact_id", None)
    return state.delivery(channel, contact_id) if channel else None


def _change(state: NotificationState, event: Event, old: Delivery | None) -> Delivery | None:
    attempts = old.attempts if old else 0
    if isinstance(event, NotificationAllowed):
        return Delivery(
            channel=event.channel,
            contact_id=event.contact_id,
            status="allowed",
            attempts=event.attempt,
            decisions=event.decisions,
        )
    if isinstance(event, NotificationDeferred):
        timer = timer_id_for(state.request_id, event.channel, event.contact_id or "", event.until)
        return Delivery(
            channel=event.channel,
            contact_id=event.contact_id,
            status="deferred",
            attempts=attempts,
            timer_id=timer,
            until=event.until,
            rule=event.rule,
            decisions=event.decisions,
        )
    if isinstance(event, NotificationSent):
        return Delivery(
            channel=event.channel,
            contact_id=event.contact_id,
            status="sent",
            attempts=attempts,
            decisions=event.decisions,
        )
    if isinstance(event, NotificationSuppressed):
        return Delivery(
            channel=event.channel,
            contact_id=event.contact_id,
            status="suppressed",
            attempts=attempts,
            rule=event.rule,
            decisions=event.decisions,
        )
    if isinstance(event, NotificationFailed):
        return _failed(state, event, attempts)
    return None


def _failed(state: NotificationState, event: NotificationFailed, attempts: int) -> Delivery:
    if event.permanent or event.retry_at is None:
        return Delivery(
            channel=event.channel, contact_id=event.contact_id, status="failed", attempts=attempts
        )
    timer = timer_id_for(state.request_id, event.channel, event.contact_id or "", event.retry_at)
    return Delivery(
        channel=event.channel,
        contact_id=event.contact_id,
        status="retrying",
        attempts=attempts,
        timer_id=timer,
        until=event.retry_at,
    )
