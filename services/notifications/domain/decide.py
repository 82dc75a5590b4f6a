"""Pure decisions of a notification request: take it on, and judge each delivery.

Every function here is ``(state, stamp, …) -> Decision``: no I/O, time from the stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.notifications.domain.gate import Gate, GateInput, Verdict
from services.notifications.domain.recipient import Audience, Recipient
from services.notifications.domain.state import OPEN, NotificationState, evolve, timer_id_for
from shared.contracts import Event
from shared.contracts.notifications import (
    Channel,
    NotificationAccepted,
    NotificationAllowed,
    NotificationDeferred,
    NotificationFailed,
    NotificationRequested,
    NotificationSuppressed,
)
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision
from shared.kernel.timer import Timer

TIMER_KIND = "notification.retry_gate"


@dataclass(frozen=True)
class Policy:
    """What the deciding needs besides state: the gate and the channels this process has."""

    gate: Gate
    channels: frozenset[Channel]


def take_request(
    state: NotificationState,
    stamp: Stamp,
    request: NotificationRequested,
    audience: Audience | None,
    policy: Policy,
) -> Decision:
    """Accept the request once, then judge every (channel, contact) not judged yet."""
    events: list[Event] = []
    if not state.accepted:
        accepted = stamp.make(
            NotificationAccepted,
            request_id=request.request_id,
            customer_id=request.customer_id,
            template=request.template,
            channels=request.channels,
            invoices=request.invoices,
            total_outstanding=request.total_outstanding,
            promise=request.promise,
            instalments=request.instalments,
            formal_demand=request.formal_demand,
            reply_by=request.reply_by,
        )
        events.append(accepted)
        state = evolve(state, accepted)
    schedule: list[Timer] = []
    for channel in dict.fromkeys(request.channels):
        judged = _judge_channel(state, stamp, request, channel, audience, policy)
        events += judged.events
        schedule += judged.schedule
    return Decision(events=events, schedule=schedule)


def _judge_channel(
    state: NotificationState,
    stamp: Stamp,
    request: NotificationRequested,
    channel: Channel,
    audience: Audience | None,
    policy: Policy,
) -> Decision:
    if channel not in policy.channels:
        return _fail_once(state, stamp, request, channel, f"channel {channel} is not available")
    if audience is None or not audience.recipients:
        return _fail_once(state, stamp, request, channel, "the debtor has no registered contact")
    events: list[Event] = []
    schedule: list[Timer] = []
    for recipient in audience.recipients:
        if state.delivery(channel, recipient.contact_id) is None:
            one = judge(state, stamp, channel, recipient, audience, policy.gate)
            events += one.events
            schedule += one.schedule
    return Decision(events=events, schedule=schedule)


def _fail_once(
    state: NotificationState,
    stamp: Stamp,
    request: NotificationRequested,
    channel: Channel,
    error: str,
) -> Decision:
    if state.delivery(channel, None) is not None:
        return Decision()
    failed = stamp.make(
        NotificationFailed,
        request_id=request.request_id,
        customer_id=request.customer_id,
        channel=channel,
        error=error,
        permanent=True,
    )
    return Decision(events=[failed])


def judge(
    state: NotificationState,
    stamp: Stamp,
    channel: Channel,
    recipient: Recipient,
    audience: Audience,
    gate: Gate,
) -> Decision:
    """Ask the gate about one delivery and turn its verdict into events (and a timer)."""
    ids = {"request_id": state.request_id, "customer_id": state.customer_id, "channel": channel,
           "contact_id": recipient.contact_id}  # fmt: skip
    if channel not in recipient.reachable:
        error = f"no {channel} address on file for this contact"
        return Decision(events=[stamp.make(NotificationFailed, **ids, error=error, permanent=True)])
    verdict = gate.decide(GateInput(
        channel, recipient, audience.jurisdiction, stamp.now, template=state.template,
        request_id=state.request_id, history=audience.history,
        represented=audience.represented, cease_contact=audience.cease_contact,
    ))  # fmt: skip
    if verdict.outcome == "allow":
        previous = state.delivery(channel, recipient.contact_id)
        attempt = (previous.attempts if previous else 0) + 1
        return Decision(
            events=[
                stamp.make(NotificationAllowed, **ids, attempt=attempt, decisions=verdict.evidence)
            ]
        )
    if verdict.outcome == "suppress":
        return _suppress(stamp, ids, verdict)
    return _defer(state, stamp, ids, verdict)


def _suppress(stamp: Stamp, ids: dict[str, str], verdict: Verdict) -> Decision:
    deciding = verdict.deciding
    assert deciding is not None
    return Decision(events=[stamp.make(
        NotificationSuppressed, **ids, rule=deciding.rule, reason=deciding.reason,
        decisions=verdict.evidence,
    )])  # fmt: skip


def _defer(
    state: NotificationState, stamp: Stamp, ids: dict[str, str], verdict: Verdict
) -> Decision:
    deciding = verdict.deciding
    assert deciding is not None and deciding.until is not None
    deferred = stamp.make(
        NotificationDeferred,
        **ids,
        until=deciding.until,
        rule=deciding.rule,
        decisions=verdict.evidence,
    )
    return Decision(events=[deferred], schedule=[gate_timer(state, stamp, ids, deciding.until)])


def gate_timer(state: NotificationState, stamp: Stamp, ids: dict[str, str], due: datetime) -> Timer:
    return Timer(
        timer_id=timer_id_for(ids["request_id"], ids["channel"], ids["contact_id"], due),
        kind=TIMER_KIND, aggregate_id=ids["request_id"], due_at=due,
        payload={"customer_id": ids["customer_id"], "channel": ids["channel"],
                 "contact_id": ids["contact_id"],
                 "correlation_id": state.correlation_id or str(stamp.correlation_id)},
    )  # fmt: skip


def judge_again(
    state: NotificationState, stamp: Stamp, timer: Timer, audience: Audience | None, gate: Gate
) -> Decision:
    """A deferral's or retry's timer fired: ask the gate again about that one delivery."""
    channel, contact_id = timer.payload.get("channel"), timer.payload.get("contact_id")
    delivery = state.delivery(str(channel), str(contact_id))
    if delivery is None or delivery.timer_id != timer.timer_id or delivery.status not in OPEN:
        return Decision()  # stale timer: the delivery moved on
    recipient = audience.find(delivery.contact_id or "") if audience else None
    if recipient is None or audience is None:
        return Decision(events=[stamp.make(
            NotificationSuppressed, request_id=state.request_id, customer_id=state.customer_id,
            channel=delivery.channel, contact_id=delivery.contact_id, rule="R1",
            reason="not_registered",
        )])  # fmt: skip
    return judge(state, stamp, delivery.channel, recipient, audience, gate)
