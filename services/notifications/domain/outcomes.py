"""Pure decisions after a channel was called: keep the evidence, or retry / give up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.notifications.domain.decide import gate_timer
from services.notifications.domain.state import NotificationState
from shared.contracts import Event
from shared.contracts.notifications import (
    Channel,
    NotificationAllowed,
    NotificationFailed,
    NotificationSent,
)
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision

RETRY_BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
)  # fmt: skip
MAX_ATTEMPTS = len(RETRY_BACKOFF) + 1


@dataclass(frozen=True)
class Receipt:
    """What a channel reported after sending one message (no address, only its mask)."""

    template_version: str
    content_sha256: str
    masked_address: str
    provider_result: str
    sent_at: datetime


def record_sent(
    state: NotificationState,
    stamp: Stamp,
    channel: Channel,
    contact_id: str,
    addressee_role: str,
    receipt: Receipt,
) -> Decision:
    """The channel accepted the message: keep its evidence (once)."""
    delivery = state.delivery(channel, contact_id)
    if delivery is None or delivery.status != "allowed":
        return Decision()
    sent = stamp.make(
        NotificationSent,
        request_id=state.request_id,
        customer_id=state.customer_id,
        channel=channel,
        contact_id=contact_id,
        template=state.template,
        template_version=receipt.template_version,
        content_sha256=receipt.content_sha256,
        masked_address=receipt.masked_address,
        addressee_role=addressee_role,
        sent_at=receipt.sent_at,
        provider_result=receipt.provider_result[:200],
        decisions=delivery.decisions,
    )
    return Decision(events=[sent])


def record_failure(
    state: NotificationState,
    stamp: Stamp,
    channel: Channel,
    contact_id: str,
    error: str,
    permanent: bool,
) -> Decision:
    """The send failed: a transient failure retries after a backoff, up to MAX_ATTEMPTS."""
    delivery = state.delivery(channel, contact_id)
    if delivery is None or delivery.status != "allowed":
        return Decision()
    final = permanent or delivery.attempts >= MAX_ATTEMPTS
    retry_at = None if final else stamp.now + backoff(delivery.attempts)
    ids = {"request_id": state.request_id, "customer_id": state.customer_id,
           "channel": channel, "contact_id": contact_id}  # fmt: skip
    failed = stamp.make(
        NotificationFailed, **ids, error=error[:300], permanent=final, retry_at=retry_at
    )
    schedule = [] if retry_at is None else [gate_timer(state, stamp, ids, retry_at)]
    return Decision(events=[failed], schedule=schedule)


def backoff(attempts: int) -> timedelta:
    return RETRY_BACKOFF[min(max(attempts, 1), len(RETRY_BACKOFF)) - 1]


def allowed_in(events: Sequence[Event]) -> list[NotificationAllowed]:
    """The deliveries a decision claimed: the caller that appended them sends them."""
    return [evt for evt in events if isinstance(evt, NotificationAllowed)]
