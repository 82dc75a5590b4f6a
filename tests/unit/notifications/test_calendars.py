"""Working days (COMPLIANCE.md T2): China's published schedule with its make-up working days,
US federal holidays with observed days, and a visible fallback for an unpublished year."""

from __future__ import annotations

from datetime import date

import pytest

from services.notifications.domain.calendars import (
    DayKind,
    Fallback,
    UnknownJurisdiction,
    working_day,
)

UNPUBLISHED = 2035  # far beyond the published data of the pinned chinese-calendar


def test_a_2026_make_up_saturday_in_china_is_a_working_day() -> None:
    saturday = working_day("CN", date(2026, 10, 10))
    assert (saturday.kind, saturday.name, saturday.is_working) == (
        DayKind.MAKEUP_WORKING_DAY, "National Day", True,
    )  # fmt: skip
    assert saturday.warning == "" and "State Council notice 2026" in saturday.source


def test_national_day_2026_and_its_make_up_days() -> None:
    golden_week = {working_day("cn", date(2026, 10, day)).kind for day in range(1, 8)}
    assert golden_week == {DayKind.HOLIDAY}
    assert working_day("CN", date(2026, 10, 8)).kind is DayKind.WORKING
    assert working_day("CN", date(2026, 9, 20)).kind is DayKind.MAKEUP_WORKING_DAY  # Sunday


def test_spring_festival_2026_is_a_holiday_and_its_saturday_before_a_working_day() -> None:
    assert working_day("CN", date(2026, 2, 17)).kind is DayKind.HOLIDAY
    assert working_day("CN", date(2026, 2, 14)).kind is DayKind.MAKEUP_WORKING_DAY


def test_an_ordinary_chinese_weekend_and_weekday() -> None:
    assert working_day("CN", date(2026, 11, 28)).kind is DayKind.WEEKEND
    assert working_day("CN", date(2026, 11, 30)).kind is DayKind.WORKING


def test_us_federal_holidays_fall_on_their_observed_days() -> None:
    observed = working_day("US", date(2026, 7, 3))  # 4 July 2026 is a Saturday
    assert (observed.kind, observed.name) == (DayKind.HOLIDAY, "Independence Day (observed)")
    assert working_day("US", date(2027, 6, 18)).kind is DayKind.HOLIDAY  # Juneteenth, observed
    assert working_day("US", date(2026, 10, 1)).kind is DayKind.WORKING  # not China's National Day
    assert "federal holidays" in observed.source


def test_an_unpublished_chinese_year_falls_back_to_the_statutory_holidays_with_a_warning() -> None:
    national_day = working_day("CN", date(UNPUBLISHED, 10, 1))
    assert national_day.kind is DayKind.HOLIDAY
    assert national_day.source.startswith("fallback:")
    assert f"{UNPUBLISHED} holiday schedule is not published" in national_day.warning


def test_the_fallback_rule_is_configurable_and_still_warns() -> None:
    national_day = working_day("CN", date(UNPUBLISHED, 10, 1), Fallback.WEEKENDS_ONLY)
    assert national_day.kind is DayKind.WORKING  # a Monday, and no holiday is assumed
    assert "weekends_only" in national_day.warning


def test_an_unknown_jurisdiction_is_refused() -> None:
    with pytest.raises(UnknownJurisdiction):
        working_day("XX", date(2026, 11, 30))
