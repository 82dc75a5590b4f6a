"""What a notification request is asked to do: take it on, judge again, confirm an opt-out,
and record what a channel or a provider reported.

Commands that can defer a delivery carry the flow's ``correlation_id``: a deferral's timer
keeps it, so the delivery it later sends belongs to the same flow.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from services.notifications.domain.message import Receipt
from services.notifications.domain.recipient import Audience
from services.notifications.domain.standing import Standing
from shared.contracts.notifications import Channel, NotificationRequested
from shared.kernel import Timer


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)


class TakeRequest(_Command):
    """Collections asked for a message: accept it, judge every (channel, contact)."""

    request: NotificationRequested
    audience: Audience | None  # None: the customers service does not know the debtor

    @property
    def correlation_id(self) -> uuid.UUID:
        return self.request.correlation_id


class JudgeAgain(_Command):
    """A deferral's or a retry's timer fired: ask the gate again about that delivery."""

    timer: Timer
    audience: Audience | None
    # The debtor's standing now (None: not re-checked, e.g. no collections to ask).
    standing: Standing | None = None

    @property
    def correlation_id(self) -> uuid.UUID:
        return uuid.UUID(str(self.timer.payload["correlation_id"]))


class ConfirmOptOut(_Command):
    """R3: the contact opted out on ``channel``: one confirmation, judged like any message."""

    customer_id: str
    contact_id: str
    channel: Channel
    audience: Audience | None
    correlation_id: uuid.UUID


class RecordSent(_Command):
    """The channel took a claimed delivery: keep its evidence, with the key it was sent
    with and, when the channel's acceptance is its arrival, when it arrived."""

    channel: Channel
    contact_id: str
    addressee_role: str
    receipt: Receipt
    key: str
    delivered_at: datetime | None = None


class RecordFailure(_Command):
    """The channel refused a claimed delivery (for good, or for now: then retry later)."""

    channel: Channel
    contact_id: str
    error: str
    permanent: bool
    correlation_id: uuid.UUID


class RecordDelivered(_Command):
    """A provider's receipt for a message sent with ``reference`` (our claim key)."""

    reference: str
    channel: str
    contact_id: str
    status: str
    at: datetime
    provider_status: str


class RefuseWording(_Command):
    """R5 at send time: the rendered message (names and text people supplied included)
    carries banned wording. ``pattern`` names the linter's pattern that found it."""

    channel: Channel
    contact_id: str
    category: str
    pattern: str


Command = (
    TakeRequest | JudgeAgain | ConfirmOptOut | RecordSent | RecordFailure | RecordDelivered
    | RefuseWording
)  # fmt: skip
