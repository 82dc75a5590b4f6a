"""Working days by jurisdiction (COMPLIANCE.md T2): weekends, public holidays, and China's
make-up working days (调休).

China publishes each year's holidays and make-up working days in a State Council notice;
the ``chinese-calendar`` package carries the published years (2004–2026 in 1.11.0). For a
year not published there, a configured fallback rule answers — never silently: the answer
carries a warning. US federal holidays with their observed days and every other country's
public holidays come from the ``holidays`` package, whose rules are statutory.
Pure: no clock, no I/O (both packages are data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

import chinese_calendar
import holidays

HOLIDAYS_VERSION: str = getattr(holidays, "__version__", "?")


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKING_DAY = "makeup_working_day"  # a weekend day worked in exchange (调休)


class Fallback(StrEnum):
    """What to assume for a year whose official schedule is not published."""

    STATUTORY = "statutory"  # the statutory holidays as projected by ``holidays``, no 调休
    WEEKENDS_ONLY = "weekends_only"  # weekends off, no holiday at all


@dataclass(frozen=True)
class Day:
    """What one date is in one jurisdiction, with the data it comes from."""

    date: date
    kind: DayKind
    source: str
    name: str = ""  # the holiday, or the holiday a make-up working day belongs to
    warning: str = ""  # set when the answer is a fallback, not published data

    @property
    def is_working(self) -> bool:
        return self.kind in (DayKind.WORKING, DayKind.MAKEUP_WORKING_DAY)


class UnknownJurisdiction(ValueError):
    """No calendar is known for this jurisdiction."""


def working_day(jurisdiction: str, day: date, fallback: Fallback = Fallback.STATUTORY) -> Day:
    """What ``day`` is in ``jurisdiction`` (an ISO 3166 country code, ``CN``, ``US``, ``GB``…)."""
    country = jurisdiction.upper()
    if country == "CN":
        return _china(day, fallback)
    if not country:  # the ``default`` pack: no country, so no public-holiday data
        kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKING
        warning = "no jurisdiction pack: public holidays unknown, weekends only"
        return Day(day, kind, "default pack: weekends only", "", warning)
    return _statutory(country, day)


def _china(day: date, fallback: Fallback) -> Day:
    source = f"chinese-calendar {chinese_calendar.__version__}: State Council notice {day.year}"
    try:
        off, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return _unpublished(day, fallback)
    if off:
        kind = DayKind.HOLIDAY if name else DayKind.WEEKEND
    else:
        kind = DayKind.MAKEUP_WORKING_DAY if name else DayKind.WORKING
    return Day(day, kind, source, name or "")


def _unpublished(day: date, fallback: Fallback) -> Day:
    warning = (
        f"China's {day.year} holiday schedule is not published in chinese-calendar "
        f"{chinese_calendar.__version__}: fallback '{fallback.value}', make-up working days unknown"
    )
    if fallback is Fallback.STATUTORY:
        answer = _statutory("CN", day)
        return Day(day, answer.kind, f"fallback: {answer.source}", answer.name, warning)
    kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKING
    return Day(day, kind, "fallback: weekends only", "", warning)


def _statutory(country: str, day: date) -> Day:
    calendar = _holidays(country, day.year)
    kind = "federal holidays" if country == "US" else "public holidays"
    source = f"holidays {HOLIDAYS_VERSION}: {country} {kind}, observed days"
    name = calendar.get(day)
    if name:
        return Day(day, DayKind.HOLIDAY, source, name)
    return Day(day, DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKING, source)


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays(country, years=year)
    except NotImplementedError as unknown:
        raise UnknownJurisdiction(f"no holiday calendar for {country!r}") from unknown
