"""Pure decisions of a notification request: ``decide(state, command, now, policy)``.

Take a request on and judge each (channel, contact); judge one delivery again when its
timer fires; take an opt-out confirmation on; record what a channel or provider reported.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from services.notifications.domain.commands import (
    Command,
    ConfirmOptOut,
    JudgeAgain,
    RecordDelivered,
    RecordFailure,
    RecordSent,
    RefuseWording,
    TakeRequest,
)
from services.notifications.domain.facts import NOTHING_OWED
from services.notifications.domain.judge import Policy, fail_once, judge
from services.notifications.domain.optout import OPT_OUT_TEMPLATE
from services.notifications.domain.outcomes import (
    record_delivered,
    record_failure,
    record_sent,
    refuse_wording,
)
from services.notifications.domain.standing import (
    SUPERSEDED,
    Asked,
    Figures,
    Superseded,
    recheck,
)
from services.notifications.domain.state import OPEN, Delivery, NotificationState, evolve
from shared.contracts import Event
from shared.contracts.notifications import (
    Channel,
    GateDecision,
    NotificationAccepted,
    NotificationRefreshed,
    NotificationSuppressed,
)
from shared.kernel import Decision, Timer, new_event


def decide(state: NotificationState, command: Command, now: datetime, policy: Policy) -> Decision:
    """The events (and timers) ``command`` leads to for this notification request."""
    match command:
        case TakeRequest():
            return take_request(state, command, now, policy)
        case JudgeAgain():
            return judge_again(state, command, now, policy)
        case ConfirmOptOut():
            return confirm_opt_out(state, command, now, policy)
        case RecordSent():
            return record_sent(state, command, now)
        case RecordFailure():
            return record_failure(state, command, now)
        case RecordDelivered():
            return record_delivered(state, command, now)
        case RefuseWording():
            return refuse_wording(state, command, now)
        case _:
            assert_never(command)


def take_request(
    state: NotificationState, cmd: TakeRequest, now: datetime, policy: Policy
) -> Decision:
    """Accept the request once, then judge every (channel, contact) not judged yet."""
    request, flow = cmd.request, state.correlation_id or str(cmd.correlation_id)
    events: list[Event] = []
    if not state.accepted:
        accepted = new_event(
            NotificationAccepted,
            now,
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
            legal_steps=request.legal_steps,
            time_barred=request.time_barred,
            requested_at=request.occurred_at,
            confirm_link=request.confirm_link,
            dispute_link=request.dispute_link,
        )
        events.append(accepted)
        state = evolve(state, accepted)
    schedule: list[Timer] = []
    for channel in dict.fromkeys(request.channels):
        judged = _judge_channel(state, now, cmd, channel, policy, flow)
        events += judged.events
        schedule += judged.schedule
    return Decision(events=events, schedule=schedule)


def _judge_channel(
    state: NotificationState,
    now: datetime,
    cmd: TakeRequest,
    channel: Channel,
    policy: Policy,
    flow: str,
) -> Decision:
    customer_id, audience = cmd.request.customer_id, cmd.audience
    if channel not in policy.channels:
        error = f"channel {channel} is not available"
        return fail_once(state, now, customer_id, channel, error)
    if audience is None or not audience.recipients:
        return fail_once(state, now, customer_id, channel, "the debtor has no registered contact")
    events: list[Event] = []
    schedule: list[Timer] = []
    for recipient in audience.recipients:
        if state.delivery(channel, recipient.contact_id) is None:
            one = judge(state, now, channel, recipient, audience, policy.gate, flow)
            events += one.events
            schedule += one.schedule
    return Decision(events=events, schedule=schedule)


def judge_again(
    state: NotificationState, cmd: JudgeAgain, now: datetime, policy: Policy
) -> Decision:
    """A deferral's or retry's timer fired: ask the gate again about that one delivery."""
    timer, audience = cmd.timer, cmd.audience
    channel, contact_id = timer.payload.get("channel"), timer.payload.get("contact_id")
    delivery = state.delivery(str(channel), str(contact_id))
    if delivery is None or delivery.timer_id != timer.timer_id or delivery.status not in OPEN:
        return Decision()  # stale timer: the delivery moved on
    recipient = audience.find(delivery.contact_id or "") if audience else None
    if recipient is None or audience is None:
        return Decision(events=[new_event(
            NotificationSuppressed, now, request_id=state.request_id,
            customer_id=state.customer_id, channel=delivery.channel,
            contact_id=delivery.contact_id, rule="R1", reason="not_registered",
        )])  # fmt: skip
    refreshed: list[Event] = []
    if cmd.standing is not None:
        checked = recheck(asked_of(state), cmd.standing)
        if isinstance(checked, Superseded):
            return Decision(events=[superseded(state, delivery, checked, now)])
        if checked != asked_of(state).figures:
            refreshed = [refresh(state, checked, cmd.standing.version, now)]
            state = evolve(state, refreshed[0])
    flow = state.correlation_id or str(cmd.correlation_id)
    judged = judge(state, now, delivery.channel, recipient, audience, policy.gate, flow)
    return Decision(events=[*refreshed, *judged.events], schedule=judged.schedule)


def asked_of(state: NotificationState) -> Asked:
    total = state.total_outstanding or NOTHING_OWED
    figures = Figures(state.invoices, total, state.promise, state.instalments)
    return Asked(state.template, figures)


def superseded(
    state: NotificationState, delivery: Delivery, checked: Superseded, now: datetime
) -> Event:
    """The debtor's standing no longer supports the message: suppressed, with why."""
    decision = GateDecision(rule=SUPERSEDED, outcome="suppress", detail=checked.detail[:200])
    return new_event(
        NotificationSuppressed, now, request_id=state.request_id,
        customer_id=state.customer_id, channel=delivery.channel,
        contact_id=delivery.contact_id, rule=SUPERSEDED, reason=SUPERSEDED,
        decisions=(decision,),
    )  # fmt: skip


def refresh(state: NotificationState, figures: Figures, version: int, now: datetime) -> Event:
    """Still wanted: the figures the message states from now on are today's."""
    return new_event(
        NotificationRefreshed, now, request_id=state.request_id, customer_id=state.customer_id,
        invoices=figures.invoices, total_outstanding=figures.total_outstanding,
        promise=figures.promise, instalments=figures.instalments, standing_version=version,
    )  # fmt: skip


def confirm_opt_out(
    state: NotificationState, cmd: ConfirmOptOut, now: datetime, policy: Policy
) -> Decision:
    """Take the confirmation on once and let the gate judge it (R3 allows exactly one;
    quiet hours may defer it like any message); afterwards decide nothing."""
    if state.accepted:
        return Decision()
    accepted = new_event(
        NotificationAccepted, now, request_id=state.request_id, customer_id=cmd.customer_id,
        template=OPT_OUT_TEMPLATE, channels=(cmd.channel,), total_outstanding=NOTHING_OWED,
    )  # fmt: skip
    audience = cmd.audience
    recipient = audience.find(cmd.contact_id) if audience else None
    if recipient is None or audience is None:
        return Decision(events=[accepted])  # the contact is gone: nobody to confirm to
    judged = judge(evolve(state, accepted), now, cmd.channel, recipient, audience, policy.gate,
                   str(cmd.correlation_id))  # fmt: skip
    return Decision(events=[accepted, *judged.events], schedule=judged.schedule)
