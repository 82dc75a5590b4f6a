"""Judging one delivery: ask the gate, and turn its verdict into events (and a timer).

``flow`` is the correlation id a deferral's timer keeps (the request's, once accepted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.notifications.domain.gate import Gate, GateInput, Verdict
from services.notifications.domain.recipient import Audience, Recipient
from services.notifications.domain.state import NotificationState, timer_id_for
from shared.contracts.notifications import (
    Channel,
    NotificationAllowed,
    NotificationDeferred,
    NotificationFailed,
    NotificationSuppressed,
)
from shared.kernel import Decision, Timer, new_event

TIMER_KIND = "notification.retry_gate"


@dataclass(frozen=True)
class Policy:
    """What the deciding needs besides state: the gate and the channels this process has."""

    gate: Gate
    channels: frozenset[Channel]


def judge(
    state: NotificationState,
    now: datetime,
    channel: Channel,
    recipient: Recipient,
    audience: Audience,
    gate: Gate,
    flow: str,
) -> Decision:
    """Ask the gate about one delivery and turn its verdict into events (and a timer)."""
    ids = {"request_id": state.request_id, "customer_id": state.customer_id, "channel": channel,
           "contact_id": recipient.contact_id}  # fmt: skip
    if channel not in recipient.reachable:
        error = f"no {channel} address on file for this contact"
        return Decision(events=[new_event(NotificationFailed, now, **ids, error=error,
                                          permanent=True)])  # fmt: skip
    verdict = gate.decide(GateInput(
        channel, recipient, audience.jurisdiction, now, template=state.template,
        request_id=state.request_id, history=audience.history,
        represented=audience.represented, cease_contact=audience.cease_contact,
    ))  # fmt: skip
    if verdict.outcome == "allow":
        previous = state.delivery(channel, recipient.contact_id)
        attempt = (previous.attempts if previous else 0) + 1
        allowed = new_event(
            NotificationAllowed, now, **ids, attempt=attempt, decisions=verdict.evidence
        )
        return Decision(events=[allowed])
    if verdict.outcome == "suppress":
        return _suppress(now, ids, verdict)
    return _defer(now, ids, verdict, flow)


def _suppress(now: datetime, ids: dict[str, str], verdict: Verdict) -> Decision:
    deciding = verdict.deciding
    assert deciding is not None
    return Decision(events=[new_event(
        NotificationSuppressed, now, **ids, rule=deciding.rule, reason=deciding.reason,
        decisions=verdict.evidence,
    )])  # fmt: skip


def _defer(now: datetime, ids: dict[str, str], verdict: Verdict, flow: str) -> Decision:
    deciding = verdict.deciding
    assert deciding is not None and deciding.until is not None
    deferred = new_event(
        NotificationDeferred,
        now,
        **ids,
        until=deciding.until,
        rule=deciding.rule,
        decisions=verdict.evidence,
    )
    return Decision(events=[deferred], schedule=[gate_timer(ids, deciding.until, flow)])


def gate_timer(ids: dict[str, str], due: datetime, flow: str) -> Timer:
    """The durable timer that asks the gate again about one delivery at ``due``."""
    return Timer(
        timer_id=timer_id_for(ids["request_id"], ids["channel"], ids["contact_id"], due),
        kind=TIMER_KIND, aggregate_id=ids["request_id"], due_at=due,
        payload={"customer_id": ids["customer_id"], "channel": ids["channel"],
                 "contact_id": ids["contact_id"], "correlation_id": flow},
    )  # fmt: skip


def fail_once(
    state: NotificationState, now: datetime, customer_id: str, channel: Channel, error: str
) -> Decision:
    """A channel no contact can be reached on fails once, for the request as a whole."""
    if state.delivery(channel, None) is not None:
        return Decision()
    failed = new_event(
        NotificationFailed,
        now,
        request_id=state.request_id,
        customer_id=customer_id,
        channel=channel,
        error=error,
        permanent=True,
    )
    return Decision(events=[failed])
