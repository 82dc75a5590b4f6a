"""The gate's T2 with China's make-up working days and an unpublished year's fallback."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from services.notifications.domain.calendars import Fallback
from services.notifications.domain.gate import Gate, Verdict
from services.notifications.domain.packs import PACKS
from tests.unit.notifications.gate_builders import SHANGHAI, ask, rule_of, shanghai


def t2(verdict: Verdict) -> tuple[str, str]:
    [result] = [r for r in verdict.results if r.rule == "T2"]
    return result.outcome, result.reason


def test_a_send_due_on_a_make_up_saturday_is_not_deferred() -> None:
    verdict = ask(shanghai(10, 10, month=10))  # Saturday 10 October 2026, worked (调休)
    assert verdict.outcome == "allow"
    assert t2(verdict) == ("allow", "working_day")


def test_a_send_due_on_a_make_up_sunday_is_not_deferred() -> None:
    assert ask(shanghai(20, 10, month=9)).outcome == "allow"  # Sunday 20 September 2026


def test_a_saturday_that_is_not_worked_still_waits_for_monday() -> None:
    verdict = ask(shanghai(17, 10, month=10))  # Saturday 17 October 2026
    assert rule_of(verdict) == ("defer", "T2", "weekend")
    assert verdict.until == shanghai(19, 8, month=10)


def test_a_send_in_an_unpublished_year_says_the_calendar_is_a_fallback() -> None:
    tuesday = datetime(2035, 6, 5, 10, tzinfo=SHANGHAI)
    assert t2(ask(tuesday)) == ("allow", "working_day+unpublished_calendar")


def test_a_fallback_holiday_defers_and_says_so() -> None:
    national_day = datetime(2035, 10, 1, 10, tzinfo=SHANGHAI)
    verdict = ask(national_day)
    assert rule_of(verdict) == ("defer", "T2", "public_holiday+unpublished_calendar")


def test_the_packs_fallback_rule_decides_an_unpublished_year() -> None:
    weekends_only = {**PACKS, "cn": replace(PACKS["cn"], calendar_fallback=Fallback.WEEKENDS_ONLY)}
    national_day = datetime(2035, 10, 1, 10, tzinfo=SHANGHAI)  # a Monday
    verdict = ask(national_day, gate=Gate(packs=weekends_only))
    assert t2(verdict) == ("allow", "working_day+unpublished_calendar")
