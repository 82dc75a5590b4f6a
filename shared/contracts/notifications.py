"""Notifications family: requests, and the gate's and channels' outcomes.

Addresses never travel here: evidence keeps only a masked address.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.envelope import Event, event
from shared.contracts.money import Money

Channel = Literal["email", "sms", "letter", "webhook", "log"]
LegalStep = Literal["agency", "legal"]
"""A hand-over the debtor's dunning policy configures at a later level: a message may state
it (in its fixed ``legal_notice`` block) only when it is configured (R5: no threat of an
action not intended)."""


class InvoiceRef(BaseModel):
    """What a message may say about one invoice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    invoice_id: str
    external_number: str
    due_date: dt.date
    outstanding: Money


class PromiseRef(BaseModel):
    """A promise to pay a message may confirm or call broken."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    promise_id: str
    amount: Money
    due_on: dt.date


class InstalmentRef(BaseModel):
    """One instalment of an agreed payment plan, as a schedule message lists it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)
    due_on: dt.date
    amount: Money


class GateDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(max_length=16)
    outcome: Literal["allow", "defer", "suppress"]
    detail: str = Field(default="", max_length=200)


@event("notifications")
class NotificationRequested(Event):
    """Collections asks for a message to a debtor; notifications decides how and when."""

    type: Literal["NotificationRequested"] = "NotificationRequested"
    request_id: str
    customer_id: str
    template: str = Field(max_length=64)
    channels: tuple[Channel, ...] = ("email",)
    invoices: tuple[InvoiceRef, ...] = ()
    total_outstanding: Money
    promise: PromiseRef | None = None
    instalments: tuple[InstalmentRef, ...] = ()
    # A plan's message: the sum of ``instalments`` (what the debtor agreed to pay), while
    # ``total_outstanding`` stays the overdue balance (disputed invoices set aside).
    plan_total: Money | None = None
    formal_demand: bool = False
    reply_by: dt.date | None = None
    legal_steps: tuple[LegalStep, ...] = ()  # configured at the debtor's next levels
    time_barred: bool = False  # an invoice stated is past its limitation period
    policy_version: str = Field(default="", max_length=32)
    rule: str = Field(default="", max_length=64)
    # A statement's signed answer links (absolute; invoicing made and signed them).
    confirm_link: str | None = Field(default=None, max_length=512)
    dispute_link: str | None = Field(default=None, max_length=512)


@event("notifications")
class NotificationSent(Event):
    """A message left on a channel; this is its evidence."""

    type: Literal["NotificationSent"] = "NotificationSent"
    request_id: str
    customer_id: str
    channel: Channel
    template: str
    template_version: str
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    masked_address: str
    addressee_role: str
    sent_at: AwareDatetime
    provider_result: str = Field(max_length=200)
    decisions: tuple[GateDecision, ...] = ()
    contact_id: str | None = None
    idempotency_key: str = Field(default="", max_length=300)
    formal_demand: bool = False
    delivered_at: AwareDatetime | None = None


@event("notifications")
class NotificationDelivered(Event):
    """A provider's delivery receipt for a sent message (its ``reference`` is the key sent).

    For a formal demand, ``delivered_at`` is when it arrived: what restarts a limitation
    period (COMPLIANCE T6).
    """

    type: Literal["NotificationDelivered"] = "NotificationDelivered"
    request_id: str
    customer_id: str
    channel: Channel
    contact_id: str | None = None
    reference: str = Field(max_length=300)
    status: Literal["delivered", "failed"]
    delivered_at: AwareDatetime
    formal_demand: bool = False
    provider_status: str = Field(default="", max_length=64)


@event("notifications")
class NotificationSuppressed(Event):
    type: Literal["NotificationSuppressed"] = "NotificationSuppressed"
    request_id: str
    customer_id: str
    channel: Channel
    rule: str
    decisions: tuple[GateDecision, ...] = ()
    contact_id: str | None = None
    reason: str = Field(default="", max_length=64)


@event("notifications")
class NotificationDeferred(Event):
    type: Literal["NotificationDeferred"] = "NotificationDeferred"
    request_id: str
    customer_id: str
    channel: Channel
    until: AwareDatetime
    rule: str
    contact_id: str | None = None
    decisions: tuple[GateDecision, ...] = ()


@event("notifications")
class NotificationFailed(Event):
    type: Literal["NotificationFailed"] = "NotificationFailed"
    request_id: str
    customer_id: str
    channel: Channel
    error: str = Field(max_length=300)
    permanent: bool
    contact_id: str | None = None
    retry_at: AwareDatetime | None = None


@event("notifications")
class NotificationAccepted(Event):
    """Notifications took a request on: the facts its messages may state, as received."""

    type: Literal["NotificationAccepted"] = "NotificationAccepted"
    request_id: str
    customer_id: str
    template: str = Field(max_length=64)
    channels: tuple[Channel, ...] = ()
    invoices: tuple[InvoiceRef, ...] = ()
    total_outstanding: Money
    promise: PromiseRef | None = None
    instalments: tuple[InstalmentRef, ...] = ()
    formal_demand: bool = False
    reply_by: dt.date | None = None
    legal_steps: tuple[LegalStep, ...] = ()
    time_barred: bool = False
    requested_at: AwareDatetime | None = None  # when collections asked (the request's time)
    confirm_link: str | None = Field(default=None, max_length=512)
    dispute_link: str | None = Field(default=None, max_length=512)


@event("notifications")
class NotificationRefreshed(Event):
    """A deferred or retried request re-checked against the debtor's standing at the moment
    of sending and still wanted: the figures its messages state from now on (today's).

    ``standing_version`` is the version of the debtor's history the figures were read at.
    A request the standing no longer supports is suppressed instead (``superseded``).
    """

    type: Literal["NotificationRefreshed"] = "NotificationRefreshed"
    request_id: str
    customer_id: str
    invoices: tuple[InvoiceRef, ...] = ()
    total_outstanding: Money
    promise: PromiseRef | None = None
    instalments: tuple[InstalmentRef, ...] = ()
    standing_version: int = Field(default=0, ge=0)


@event("notifications")
class NotificationAllowed(Event):
    """The gate allowed one delivery (channel, contact) now.

    Stored before the channel is called: it is the claim that one worker owns the send,
    so a redelivered request or a racing consumer never sends it a second time.
    """

    type: Literal["NotificationAllowed"] = "NotificationAllowed"
    request_id: str
    customer_id: str
    channel: Channel
    contact_id: str
    attempt: int = Field(default=1, ge=1)
    decisions: tuple[GateDecision, ...] = ()
