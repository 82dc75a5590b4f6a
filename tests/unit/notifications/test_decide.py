"""Given the request's history → when something happens → then these events (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from services.notifications.domain.message import Receipt
from services.notifications.domain.outcomes import MAX_ATTEMPTS
from services.notifications.domain.state import NotificationState, evolve, initial
from shared.contracts import Event
from shared.kernel.decision import Decision
from shared.kernel.timer import Timer
from tests.unit.notifications.builders import (
    DAYTIME,
    EVERY_RULE,
    NEXT_MORNING,
    NIGHT,
    audience,
    judging_again,
    recipient,
    recording_failure,
    recording_sent,
    requested,
    taking,
)

SHA = "ab" * 32


def fold(events: Sequence[Event], state: NotificationState | None = None) -> NotificationState:
    state = state or initial("req-1")
    for event in events:
        state = evolve(state, event)
    return state


def types(decision: Decision) -> list[str]:
    return [event.type for event in decision.events]


def taken(now=DAYTIME, **kwargs: object) -> tuple[NotificationState, Decision]:  # type: ignore[no-untyped-def]
    who = kwargs.pop("audience", audience())
    decision = taking(initial("req-1"), 0, now, requested(**kwargs), who)  # type: ignore[arg-type]
    return fold(decision.events), decision


def receipt() -> Receipt:
    return Receipt("1+abc", SHA, "l***@example.com", "250 OK", DAYTIME)


def test_a_request_in_daytime_is_accepted_and_its_delivery_allowed() -> None:
    state, decision = taken()
    assert types(decision) == ["NotificationAccepted", "NotificationAllowed"]
    assert state.delivery("email", "ct-1").status == "allowed"  # type: ignore[union-attr]
    assert decision.events[1].customer_id == "C-1"  # type: ignore[attr-defined]


def test_taking_the_same_request_again_decides_nothing_new() -> None:
    state, decision = taken()
    again = taking(state, len(decision.events), DAYTIME, requested(), audience())
    assert not again.events and again.schedule == []


def test_an_opted_out_contact_is_suppressed_with_rule_r3() -> None:
    _, decision = taken(audience=audience(recipient(consent={"email": False})))
    suppressed = decision.events[1]
    assert suppressed.type == "NotificationSuppressed"
    assert (suppressed.rule, suppressed.reason) == ("R3", "opted_out")  # type: ignore[attr-defined]
    assert [d.rule for d in suppressed.decisions] == EVERY_RULE  # type: ignore[attr-defined]


def test_a_third_party_contact_is_suppressed_with_rule_r1() -> None:
    _, decision = taken(audience=audience(recipient(role="neighbour")))
    assert (decision.events[1].rule, decision.events[1].reason) == ("R1", "third_party")  # type: ignore[attr-defined]


def test_a_request_at_night_is_deferred_with_a_durable_timer_for_the_morning() -> None:
    state, decision = taken(now=NIGHT)
    deferred = decision.events[1]
    assert deferred.type == "NotificationDeferred"
    assert (deferred.until, deferred.rule) == (NEXT_MORNING, "T1")  # type: ignore[attr-defined]
    [timer] = decision.schedule
    assert timer.due_at == NEXT_MORNING
    assert state.delivery("email", "ct-1").timer_id == timer.timer_id  # type: ignore[union-attr]


def test_the_morning_timer_allows_the_deferred_delivery() -> None:
    state, decision = taken(now=NIGHT)
    timer: Timer = decision.schedule[0]  # type: ignore[assignment]
    again = judging_again(state, 2, NEXT_MORNING, timer, audience())
    assert types(again) == ["NotificationAllowed"]


def test_a_stale_timer_decides_nothing() -> None:
    state, decision = taken(now=NIGHT)
    timer: Timer = decision.schedule[0]  # type: ignore[assignment]
    allowed = judging_again(state, 2, NEXT_MORNING, timer, audience())
    state = fold(allowed.events, state)
    assert not judging_again(state, 3, NEXT_MORNING, timer, audience()).events


def test_a_contact_gone_by_the_morning_is_suppressed_as_not_registered() -> None:
    state, decision = taken(now=NIGHT)
    timer: Timer = decision.schedule[0]  # type: ignore[assignment]
    gone = audience(recipient("ct-other"))
    again = judging_again(state, 2, NEXT_MORNING, timer, gone)
    assert (again.events[0].rule, again.events[0].reason) == ("R1", "not_registered")  # type: ignore[attr-defined]


def test_a_consent_withdrawn_overnight_is_honoured_in_the_morning() -> None:
    state, decision = taken(now=NIGHT)
    timer: Timer = decision.schedule[0]  # type: ignore[assignment]
    opted_out = audience(recipient(consent={"email": False}))
    again = judging_again(state, 2, NEXT_MORNING, timer, opted_out)
    assert types(again) == ["NotificationSuppressed"]


def test_a_sent_message_is_recorded_once_with_the_decisions_that_allowed_it() -> None:
    state, _ = taken()
    sent = recording_sent(state, 2, DAYTIME, "email", "ct-1", "debtor_staff", receipt())
    assert types(sent) == ["NotificationSent"]
    assert [d.rule for d in sent.events[0].decisions] == EVERY_RULE  # type: ignore[attr-defined]
    state = fold(sent.events, state)
    assert not recording_sent(state, 3, DAYTIME, "email", "ct-1", "debtor_staff", receipt()).events


def test_a_transient_failure_retries_later_through_the_gate() -> None:
    state, _ = taken()
    failed = recording_failure(state, 2, DAYTIME, "email", "ct-1", "timeout", permanent=False)
    assert failed.events[0].permanent is False  # type: ignore[attr-defined]
    assert failed.events[0].retry_at == DAYTIME + timedelta(minutes=1)  # type: ignore[attr-defined]
    assert [t.due_at for t in failed.schedule] == [DAYTIME + timedelta(minutes=1)]
    state = fold(failed.events, state)
    timer: Timer = failed.schedule[0]  # type: ignore[assignment]
    later = DAYTIME + timedelta(minutes=1)
    retried = judging_again(state, 3, later, timer, audience())
    assert retried.events[0].attempt == 2  # type: ignore[attr-defined]


def test_after_the_last_attempt_a_transient_failure_becomes_permanent() -> None:
    state, _ = taken()
    now = DAYTIME
    for attempt in range(1, MAX_ATTEMPTS):
        failed = recording_failure(state, attempt * 2, now, "email", "ct-1", "x", False)
        state = fold(failed.events, state)
        now = failed.events[0].retry_at  # type: ignore[attr-defined]
        again = judging_again(state, attempt * 2 + 1, now, failed.schedule[0], audience())  # type: ignore[arg-type]
        state = fold(again.events, state)
    last = recording_failure(state, 99, now, "email", "ct-1", "x", permanent=False)
    assert last.events[0].permanent is True and not last.schedule  # type: ignore[attr-defined]


def test_a_debtor_without_contacts_fails_each_channel_once_permanently() -> None:
    state, decision = taken(audience=None, channels=("email", "log"))
    assert types(decision) == ["NotificationAccepted", "NotificationFailed", "NotificationFailed"]
    again = taking(state, 3, DAYTIME, requested(channels=("email", "log")), None)
    assert not again.events


def test_a_channel_this_process_cannot_use_fails_permanently() -> None:
    _, decision = taken(channels=("sms",))
    assert decision.events[1].type == "NotificationFailed"
    assert "not available" in decision.events[1].error  # type: ignore[attr-defined]


def test_a_contact_without_an_address_for_the_channel_fails_without_a_timer() -> None:
    _, decision = taken(now=NIGHT, audience=audience(recipient(reachable=frozenset({"log"}))))
    assert types(decision) == ["NotificationAccepted", "NotificationFailed"]
    assert not decision.schedule


def test_every_contact_is_judged_on_its_own() -> None:
    two = audience(recipient("ct-1"), recipient("ct-2", consent={"email": False}))
    _, decision = taken(audience=two)
    assert types(decision) == [
        "NotificationAccepted", "NotificationAllowed", "NotificationSuppressed",
    ]  # fmt: skip


def test_event_ids_are_the_same_when_the_same_trigger_is_decided_again() -> None:
    _, first = taken()
    _, second = taken()
    assert [e.event_id for e in first.events] == [e.event_id for e in second.events]
