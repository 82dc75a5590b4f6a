"""The compliance gate's rules, one by one and together (COMPLIANCE.md R1, R3, T1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.notifications.domain.gate import (
    Gate,
    GateInput,
    check_channel_is_not_opted_out,
    check_quiet_hours_in_recipients_zone,
    check_recipient_is_the_debtors_own_contact,
)
from services.notifications.domain.recipient import Recipient
from tests.unit.notifications.builders import EVERY_RULE

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def recipient(**overrides: object) -> Recipient:
    fields: dict[str, object] = {
        "contact_id": "ct-1", "role": "debtor_staff", "language": "zh-CN",
        "timezone": "Asia/Shanghai", "consent": {"email": True, "sms": False},
        "reachable": frozenset({"email", "log"}),
    }  # fmt: skip
    fields.update(overrides)
    return Recipient.model_validate(fields)


def given_(
    now: datetime, channel: str = "email", jurisdiction: str = "cn", **who: object
) -> GateInput:
    return GateInput(channel, recipient(**who), jurisdiction, now)  # type: ignore[arg-type]


def shanghai(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


# R1 — only the debtor's own contacts


@pytest.mark.parametrize("role", ["debtor_staff", "guarantor", "lawyer"])
def test_the_debtors_staff_guarantor_and_lawyer_may_be_contacted(role: str) -> None:
    result = check_recipient_is_the_debtors_own_contact(given_(shanghai(10), role=role))
    assert (result.rule, result.outcome) == ("R1", "allow")


@pytest.mark.parametrize("role", ["third_party", "family", "employer", "neighbour", ""])
def test_a_contact_outside_the_debtors_side_is_refused_as_third_party(role: str) -> None:
    result = check_recipient_is_the_debtors_own_contact(given_(shanghai(10), role=role))
    assert (result.rule, result.outcome, result.reason) == ("R1", "suppress", "third_party")


# R3 — opt-out per channel


def test_a_contact_who_opted_out_of_email_gets_no_email() -> None:
    result = check_channel_is_not_opted_out(given_(shanghai(10), consent={"email": False}))
    assert (result.rule, result.outcome, result.reason) == ("R3", "suppress", "opted_out")


def test_an_opt_out_of_sms_does_not_stop_email() -> None:
    result = check_channel_is_not_opted_out(given_(shanghai(10), consent={"sms": False}))
    assert result.outcome == "allow"


def test_an_opt_out_of_sms_stops_sms() -> None:
    result = check_channel_is_not_opted_out(given_(shanghai(10), "sms", consent={"sms": False}))
    assert result.outcome == "suppress"


# T1 — quiet hours in the recipient's zone


@pytest.mark.parametrize(
    ("hour", "minute", "outcome"),
    [(21, 59, "allow"), (22, 0, "defer"), (7, 59, "defer"), (8, 0, "allow")],
)
def test_quiet_hours_boundaries_in_shanghai(hour: int, minute: int, outcome: str) -> None:
    result = check_quiet_hours_in_recipients_zone(given_(shanghai(hour, minute)))
    assert (result.rule, result.outcome) == ("T1", outcome)


def test_a_message_at_22_00_in_shanghai_waits_for_08_00_next_morning() -> None:
    result = check_quiet_hours_in_recipients_zone(given_(shanghai(22, 0, day=2)))
    assert result.until == shanghai(8, 0, day=3)


def test_a_message_at_07_59_in_shanghai_waits_one_minute() -> None:
    result = check_quiet_hours_in_recipients_zone(given_(shanghai(7, 59, day=3)))
    assert result.until == shanghai(8, 0, day=3)


def test_the_recipients_zone_counts_not_the_senders() -> None:
    # 23:00 in Shanghai is 15:00 in London: a London contact of a cn debtor may be written to.
    now = shanghai(23)
    assert check_quiet_hours_in_recipients_zone(given_(now, timezone="Europe/London")).outcome == (
        "allow"
    )
    assert check_quiet_hours_in_recipients_zone(given_(now)).outcome == "defer"


def test_us_recipient_in_los_angeles_waits_while_new_york_may_be_written_to() -> None:
    now = datetime(2026, 11, 2, 10, 30, tzinfo=NEW_YORK)  # 07:30 in Los Angeles
    ny = check_quiet_hours_in_recipients_zone(
        given_(now, jurisdiction="us", timezone="America/New_York")
    )
    la = check_quiet_hours_in_recipients_zone(
        given_(now, jurisdiction="us", timezone="America/Los_Angeles")
    )
    assert ny.outcome == "allow"
    assert la.outcome == "defer"
    assert la.until == datetime(2026, 11, 2, 8, 0, tzinfo=LOS_ANGELES)


def test_us_evening_ends_at_21_00_in_new_york_while_los_angeles_is_still_open() -> None:
    now = datetime(2026, 11, 2, 21, 0, tzinfo=NEW_YORK)  # 18:00 in Los Angeles
    ny = check_quiet_hours_in_recipients_zone(
        given_(now, jurisdiction="us", timezone="America/New_York")
    )
    la = check_quiet_hours_in_recipients_zone(
        given_(now, jurisdiction="us", timezone="America/Los_Angeles")
    )
    assert (ny.outcome, la.outcome) == ("defer", "allow")
    assert ny.until == datetime(2026, 11, 3, 8, 0, tzinfo=NEW_YORK)


def test_us_allows_20_59_but_not_21_00_local() -> None:
    def at(hour: int, minute: int) -> str:
        now = datetime(2026, 11, 2, hour, minute, tzinfo=LOS_ANGELES)
        given = given_(now, jurisdiction="us", timezone="America/Los_Angeles")
        return check_quiet_hours_in_recipients_zone(given).outcome

    assert (at(20, 59), at(21, 0), at(7, 59), at(8, 0)) == ("allow", "defer", "defer", "allow")


def test_unknown_us_zone_waits_until_every_us_zone_allows() -> None:
    # 10:30 in New York, 05:30 in Honolulu: not allowed everywhere yet.
    now = datetime(2026, 11, 2, 10, 30, tzinfo=NEW_YORK)
    result = check_quiet_hours_in_recipients_zone(given_(now, jurisdiction="us", timezone=None))
    assert result.outcome == "defer"
    assert result.until == datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Pacific/Honolulu"))


def test_quiet_hours_use_the_recipients_zone_across_a_dst_change() -> None:
    # Night of the US change back to standard time (1 Nov 2026): 08:00 local is 16:00 UTC.
    now = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)  # 00:00 PDT in Los Angeles
    result = check_quiet_hours_in_recipients_zone(
        given_(now, jurisdiction="us", timezone="America/Los_Angeles")
    )
    assert result.until == datetime(2026, 11, 1, 16, 0, tzinfo=UTC)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)))
def test_a_deferral_lands_on_the_first_allowed_minute_never_inside_quiet_hours(
    naive: datetime,
) -> None:
    now = naive.replace(tzinfo=UTC)
    result = check_quiet_hours_in_recipients_zone(given_(now))
    local = now.astimezone(SHANGHAI)
    if 8 <= local.hour < 22:
        assert result.outcome == "allow"
        return
    assert result.until is not None and result.until > now
    until = result.until.astimezone(SHANGHAI)
    assert (until.hour, until.minute, until.second) == (8, 0, 0)
    assert result.until - now <= timedelta(hours=10)


# The gate


def test_the_gate_allows_when_every_rule_allows_and_keeps_every_answer() -> None:
    verdict = Gate().decide(given_(shanghai(10)))
    assert verdict.outcome == "allow"
    assert [(d.rule, d.outcome) for d in verdict.evidence] == [
        (rule, "allow") for rule in EVERY_RULE
    ]


def test_a_suppression_wins_over_a_deferral() -> None:
    verdict = Gate().decide(given_(shanghai(23), consent={"email": False}))
    assert verdict.outcome == "suppress"
    assert verdict.deciding is not None and verdict.deciding.rule == "R3"


def test_a_third_party_is_refused_before_consent_is_even_considered() -> None:
    verdict = Gate().decide(given_(shanghai(10), role="third_party", consent={"email": False}))
    assert verdict.deciding is not None
    assert (verdict.deciding.rule, verdict.deciding.reason) == ("R1", "third_party")


def test_a_deferral_names_its_rule_and_time_in_the_evidence() -> None:
    verdict = Gate().decide(given_(shanghai(23)))
    assert verdict.outcome == "defer"
    assert verdict.until == shanghai(8, day=3)
    t1 = next(d for d in verdict.evidence if d.rule == "T1")
    assert t1.outcome == "defer"
    assert t1.detail.startswith("quiet_hours until 2026-11-03T00:00:00")
