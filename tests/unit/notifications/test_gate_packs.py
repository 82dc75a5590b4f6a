"""Jurisdiction packs at the gate: an unknown jurisdiction gets the explicit ``default``
pack (named in the evidence, never China's), and New York's clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.notifications.domain.history import SendHistory
from services.notifications.domain.packs import DEFAULT, PACKS, pack_for
from tests.unit.notifications.gate_builders import NEW_YORK, ask, rule_of


def pack_evidence(verdict) -> str:  # type: ignore[no-untyped-def]
    [named] = [r for r in verdict.results if r.rule == "PACK"]
    return str(named.reason)


def test_an_unknown_jurisdiction_gets_the_default_pack_named_in_the_evidence() -> None:
    assert pack_for("mx") is PACKS[DEFAULT] and pack_for("mx").code == "default"
    national_day = datetime(2026, 10, 1, 16, tzinfo=UTC)  # Thursday, 10:00 in Mexico City
    verdict = ask(national_day, jurisdiction="mx", timezone="America/Mexico_City")
    assert pack_evidence(verdict) == "default: no pack for 'mx'"
    assert verdict.outcome == "allow"  # China's National Day means nothing to this debtor
    [t2] = [r for r in verdict.results if r.rule == "T2"]
    assert t2.reason == "working_day+no_holiday_calendar"  # and the evidence says why


def test_the_default_pack_keeps_business_hours_in_the_recipients_zone() -> None:
    early = datetime(2026, 10, 1, 14, tzinfo=UTC)  # 08:00 in Mexico City: before 09:00
    verdict = ask(early, jurisdiction="mx", timezone="America/Mexico_City")
    assert rule_of(verdict) == ("defer", "T1", "quiet_hours")
    assert verdict.until == datetime(2026, 10, 1, 15, tzinfo=UTC)


def test_a_known_jurisdiction_names_its_own_pack() -> None:
    assert pack_evidence(ask(datetime(2026, 11, 3, 2, tzinfo=UTC))) == "cn"


def ny(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def at_ny(moment: datetime):  # type: ignore[no-untyped-def]
    return ask(moment, jurisdiction="us", timezone="America/New_York")


def test_the_eight_oclock_boundary_follows_new_york_across_the_spring_change() -> None:
    # Friday 6 March (EST, UTC-5) and Monday 9 March (EDT, UTC-4): 07:59 waits, 08:00 goes
    for day in (6, 9):
        assert rule_of(at_ny(ny(3, day, 7, 59)))[:2] == ("defer", "T1")
        assert at_ny(ny(3, day, 7, 59)).until == ny(3, day, 8)
        assert at_ny(ny(3, day, 8)).outcome == "allow"
    assert ny(3, 9, 8).astimezone(UTC).hour == 12 and ny(3, 6, 8).astimezone(UTC).hour == 13


def test_a_message_deferred_over_the_spring_change_lands_at_eight_local() -> None:
    saturday_night = ny(3, 7, 22)  # EST; the clocks go forward at 02:00 on Sunday 8 March
    verdict = at_ny(saturday_night)
    assert verdict.outcome == "defer" and verdict.until == ny(3, 9, 8)  # Monday 08:00 EDT
    assert verdict.until.astimezone(UTC) == datetime(2026, 3, 9, 12, tzinfo=UTC)


def test_the_nine_pm_boundary_follows_new_york_across_the_autumn_change() -> None:
    # Friday 30 October (EDT) and Monday 2 November (EST): 20:59 goes, 21:00 waits
    for month, day in ((10, 30), (11, 2)):
        assert at_ny(ny(month, day, 20, 59)).outcome == "allow"
        assert rule_of(at_ny(ny(month, day, 21)))[:2] == ("defer", "T1")
    assert at_ny(ny(11, 2, 21)).until == ny(11, 3, 8)  # Tuesday 08:00 EST = 13:00 UTC
    assert ny(11, 3, 8).astimezone(UTC).hour == 13


def spoke(at: datetime) -> SendHistory:
    return SendHistory(conversations=(at,))


def test_no_dunning_for_seven_days_after_a_conversation_in_the_us() -> None:
    spoken = ny(11, 9, 11)  # Monday 9 November 2026, 11:00 in New York
    for when in (ny(11, 9, 15), ny(11, 13, 10), ny(11, 16, 10, 59)):
        verdict = ask(when, jurisdiction="us", timezone="America/New_York", past=spoke(spoken))
        assert rule_of(verdict) == ("defer", "T3", "after_conversation")
        assert verdict.until == spoken + timedelta(days=7)
    after = ask(ny(11, 16, 11), jurisdiction="us", timezone="America/New_York", past=spoke(spoken))
    assert after.outcome == "allow"


def test_a_confirmation_still_goes_after_a_conversation() -> None:
    spoken = ny(11, 9, 11)
    verdict = ask(ny(11, 9, 15), template="promise_confirmation", jurisdiction="us",
                  timezone="America/New_York", past=spoke(spoken))  # fmt: skip
    assert verdict.outcome == "allow"


def test_the_conversation_rule_is_the_us_packs_not_chinas() -> None:
    spoken = datetime(2026, 11, 9, 2, tzinfo=UTC)  # Monday 10:00 in Shanghai
    verdict = ask(datetime(2026, 11, 10, 2, tzinfo=UTC), past=spoke(spoken))
    assert verdict.outcome == "allow"
