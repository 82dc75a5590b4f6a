"""Pure decisions after a channel or a provider reported: keep the evidence, or retry / give up.

Each acts on a claimed delivery only (``allowed``), or on a sent one (a receipt): a report
for a delivery that moved on decides nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from services.notifications.domain.commands import (
    RecordDelivered,
    RecordFailure,
    RecordSent,
    RefuseWording,
)
from services.notifications.domain.facts import is_formal_demand
from services.notifications.domain.judge import gate_timer
from services.notifications.domain.state import NotificationState
from shared.contracts import Event
from shared.contracts.notifications import (
    NotificationAllowed,
    NotificationDelivered,
    NotificationFailed,
    NotificationSent,
    NotificationSuppressed,
)
from shared.kernel import Decision, new_event

RETRY_BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
)  # fmt: skip
MAX_ATTEMPTS = len(RETRY_BACKOFF) + 1


def record_sent(state: NotificationState, cmd: RecordSent, now: datetime) -> Decision:
    """The channel accepted the message: keep its evidence (once), with the key it was
    sent with, whether it is a formal demand, and its arrival when acceptance is arrival."""
    delivery = state.delivery(cmd.channel, cmd.contact_id)
    if delivery is None or delivery.status != "allowed":
        return Decision()
    receipt = cmd.receipt
    sent = new_event(
        NotificationSent,
        now,
        request_id=state.request_id,
        customer_id=state.customer_id,
        channel=cmd.channel,
        contact_id=cmd.contact_id,
        template=state.template,
        template_version=receipt.template_version,
        content_sha256=receipt.content_sha256,
        masked_address=receipt.masked_address,
        addressee_role=cmd.addressee_role,
        sent_at=receipt.sent_at,
        provider_result=receipt.provider_result[:200],
        decisions=delivery.decisions,
        idempotency_key=cmd.key,
        formal_demand=is_formal_demand(state),
        delivered_at=cmd.delivered_at,
    )
    return Decision(events=[sent])


def record_failure(state: NotificationState, cmd: RecordFailure, now: datetime) -> Decision:
    """The send failed: a transient failure retries after a backoff, up to MAX_ATTEMPTS."""
    delivery = state.delivery(cmd.channel, cmd.contact_id)
    if delivery is None or delivery.status != "allowed":
        return Decision()
    final = cmd.permanent or delivery.attempts >= MAX_ATTEMPTS
    retry_at = None if final else now + backoff(delivery.attempts)
    ids = {"request_id": state.request_id, "customer_id": state.customer_id,
           "channel": cmd.channel, "contact_id": cmd.contact_id}  # fmt: skip
    failed = new_event(
        NotificationFailed, now, **ids, error=cmd.error[:300], permanent=final, retry_at=retry_at
    )
    flow = state.correlation_id or str(cmd.correlation_id)
    schedule = [] if retry_at is None else [gate_timer(ids, retry_at, flow)]
    return Decision(events=[failed], schedule=schedule)


def record_delivered(state: NotificationState, cmd: RecordDelivered, now: datetime) -> Decision:
    """Keep a receipt for a message that was sent (a receipt for nothing is dropped)."""
    delivery = state.delivery(cmd.channel, cmd.contact_id)
    if delivery is None or delivery.status != "sent":
        return Decision()
    delivered = new_event(
        NotificationDelivered, now, request_id=state.request_id, customer_id=state.customer_id,
        channel=cmd.channel, contact_id=cmd.contact_id, reference=cmd.reference,
        status=cmd.status, delivered_at=cmd.at, formal_demand=is_formal_demand(state),
        provider_status=cmd.provider_status[:64],
    )  # fmt: skip
    return Decision(events=[delivered])


WORDING_REASON_PREFIX = "wording:"
"""``NotificationSuppressed.reason`` of a message refused at send time (R5): collections
raises a collector task for it."""


def refuse_wording(state: NotificationState, cmd: RefuseWording, now: datetime) -> Decision:
    """The rendered message broke R5: suppress this delivery (once), naming the rule and
    the pattern; nothing was sent."""
    delivery = state.delivery(cmd.channel, cmd.contact_id)
    if delivery is None or delivery.status != "allowed":
        return Decision()
    reason = f"{WORDING_REASON_PREFIX}{cmd.category}:{cmd.pattern}"[:64]
    suppressed = new_event(
        NotificationSuppressed, now, request_id=state.request_id,
        customer_id=state.customer_id, channel=cmd.channel, contact_id=cmd.contact_id,
        rule="R5", reason=reason, decisions=delivery.decisions,
    )  # fmt: skip
    return Decision(events=[suppressed])


def backoff(attempts: int) -> timedelta:
    return RETRY_BACKOFF[min(max(attempts, 1), len(RETRY_BACKOFF)) - 1]


def allowed_in(events: Sequence[Event]) -> list[NotificationAllowed]:
    """The deliveries a decision claimed: the caller that appended them sends them."""
    return [evt for evt in events if isinstance(evt, NotificationAllowed)]
