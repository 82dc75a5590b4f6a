"""Policy rules T2–T5 with the cn and us packs, and the gate's one-timer deferral."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.notifications.domain.gate import Gate
from services.notifications.domain.packs import configured_packs
from tests.unit.notifications.gate_builders import (
    DAY,
    NEW_YORK,
    ask,
    history,
    rule_of,
    sent,
    shanghai,
)


def new_york(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


# T2 — public holidays and weekends, in the recipient's country and zone


def test_a_reminder_due_on_national_day_waits_for_the_first_working_morning() -> None:
    verdict = ask(shanghai(1, 10, month=10))
    assert rule_of(verdict) == ("defer", "T2", "public_holiday")
    assert verdict.until == shanghai(8, 8, month=10)  # 国庆节 1–7 Oct 2026; 8 Oct 08:00


def test_a_reminder_the_evening_before_national_day_waits_past_the_whole_holiday() -> None:
    verdict = ask(shanghai(30, 22, month=9))
    assert verdict.until == shanghai(8, 8, month=10)


def test_a_saturday_message_waits_for_monday_morning() -> None:
    verdict = ask(shanghai(7, 12))
    assert rule_of(verdict) == ("defer", "T2", "weekend")
    assert verdict.until == shanghai(9, 8)


def test_weekends_are_configurable() -> None:
    gate = Gate(packs=configured_packs(quiet_weekends=False))
    assert ask(shanghai(7, 12), gate=gate).outcome == "allow"


def test_us_recipients_keep_us_federal_holidays_not_chinese_ones() -> None:
    independence_day = new_york(7, 3, 12)  # observed on Friday 3 July 2026
    assert rule_of(ask(independence_day, jurisdiction="us", timezone="America/New_York"))[1:] == (
        "T2", "public_holiday",
    )  # fmt: skip
    national_day = new_york(10, 1, 12)
    assert ask(national_day, jurisdiction="us", timezone="America/New_York").outcome == "allow"


# T3 — rolling frequency caps


def _us_week(start: datetime, count: int) -> list:  # type: ignore[type-arg]
    return [sent(start + i * timedelta(hours=1), f"req-{i}", template="statement_cover")
            for i in range(count)]  # fmt: skip


def test_the_eighth_message_in_a_rolling_week_is_deferred_until_the_window_rolls() -> None:
    monday = new_york(11, 2, 9)
    past = history(*_us_week(monday, 7))
    now = new_york(11, 6, 10)
    verdict = ask(now, jurisdiction="us", timezone="America/New_York",
                  template="statement_cover", past=past)  # fmt: skip
    assert rule_of(verdict) == ("defer", "T3", "frequency_cap")
    assert verdict.until == monday + 7 * DAY  # the first send leaves the window

    rolled = ask(monday + 7 * DAY, jurisdiction="us", timezone="America/New_York",
                 template="statement_cover", past=past)  # fmt: skip
    assert rolled.outcome == "allow"


def test_the_seventh_message_in_a_week_may_go() -> None:
    past = history(*_us_week(new_york(11, 2, 9), 6))
    verdict = ask(new_york(11, 6, 10), jurisdiction="us", timezone="America/New_York",
                  template="statement_cover", past=past)  # fmt: skip
    assert verdict.outcome == "allow"


def test_one_request_on_two_channels_counts_once_per_debtor() -> None:
    monday = new_york(11, 2, 9)
    twice = [sent(monday + i * timedelta(hours=1), f"req-{i}", "statement_cover", channel=ch)
             for i in range(6) for ch in ("email", "sms")]  # fmt: skip
    verdict = ask(new_york(11, 6, 10), jurisdiction="us", timezone="America/New_York",
                  template="statement_cover", past=history(*twice))  # fmt: skip
    assert verdict.outcome == "allow"


def test_cn_allows_six_messages_per_contact_method_per_day() -> None:
    morning = shanghai(2, 8)
    confirm = "promise_confirmation"
    six = [sent(morning + i * timedelta(minutes=10), f"req-{i}", confirm, "sms")
           for i in range(6)]  # fmt: skip
    on_sms = ask(shanghai(2, 10), channel="sms", template=confirm, past=history(*six))
    by_email = ask(shanghai(2, 10), template=confirm, past=history(*six))
    assert rule_of(on_sms) == ("defer", "T3", "frequency_cap")
    assert on_sms.until == morning + DAY
    assert by_email.outcome == "allow"


# T4 — two days between dunning messages


def test_a_second_dunning_message_within_two_days_waits() -> None:
    past = history(sent(shanghai(2, 10), "req-first"))
    verdict = ask(shanghai(3, 10), template="overdue_reminder_2", past=past)
    assert rule_of(verdict) == ("defer", "T4", "min_spacing")
    assert verdict.until == shanghai(4, 10)


def test_confirmations_are_not_spaced() -> None:
    past = history(sent(shanghai(2, 10), "req-first"))
    verdict = ask(shanghai(2, 11), template="promise_confirmation", past=past)
    assert verdict.outcome == "allow"


def test_the_same_requests_other_channel_does_not_count_against_it() -> None:
    past = history(sent(shanghai(2, 10), "req-now", channel="sms"))
    assert ask(shanghai(2, 10, 1), past=past).outcome == "allow"


def test_a_deferral_lands_where_every_rule_allows_in_one_timer() -> None:
    friday_evening = history(sent(shanghai(6, 21), "req-first"))
    verdict = ask(shanghai(6, 21, 30), template="overdue_reminder_2", past=friday_evening)
    assert verdict.until == shanghai(9, 8)  # T4 → Sunday 21:00, T2 → Monday, T1 → 08:00


# T5 — third-party location contact


def test_location_inquiries_are_off_by_default() -> None:
    verdict = ask(shanghai(2, 10), template="location_inquiry", role="third_party")
    assert rule_of(verdict) == ("suppress", "T5", "third_party_contact_off")


def test_a_tenant_may_turn_location_inquiries_on_once_per_person() -> None:
    gate = Gate(packs=configured_packs(third_party_contact=True))
    first = ask(shanghai(2, 10), template="location_inquiry", role="third_party", gate=gate)
    past = history(sent(shanghai(2, 10), "req-asked", "location_inquiry"))
    again = ask(shanghai(9, 10), template="location_inquiry", role="third_party", gate=gate,
                past=past)  # fmt: skip
    assert first.outcome == "allow"
    assert rule_of(again) == ("suppress", "T5", "already_asked")


def test_a_third_party_still_never_gets_a_reminder_when_location_inquiries_are_on() -> None:
    gate = Gate(packs=configured_packs(third_party_contact=True))
    verdict = ask(shanghai(2, 10), role="third_party", gate=gate)
    assert rule_of(verdict) == ("suppress", "R1", "third_party")
