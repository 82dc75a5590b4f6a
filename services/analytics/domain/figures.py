"""Rates that keep their parts, day counts, periods, and the one rounding rule of the reports.

Arithmetic is exact in Decimal (28 significant digits) and rounded once, at the end, half up:
percentages to 0.01, days to 0.1. A rate whose denominator is zero has no value ("no data"),
never 0 — nothing was there to measure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from pydantic import BaseModel, ConfigDict, model_validator

from services.analytics.domain.errors import InvalidPeriod

NO_DATA = "no data"
PERCENT_PLACES = 2
DAY_PLACES = 1


def divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Exact quotient in a fixed context, None on a zero denominator."""
    if denominator == 0:
        return None
    with localcontext(Context(prec=28, rounding=ROUND_HALF_UP)):
        return numerator / denominator


def rounded(value: Decimal | None, places: int) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class Ratio(BaseModel):
    """A rate with both of its parts, so every report can show what it divided."""

    model_config = ConfigDict(frozen=True)

    numerator: Decimal
    denominator: Decimal

    @classmethod
    def of(cls, numerator: Decimal | int, denominator: Decimal | int) -> Ratio:
        return cls(numerator=Decimal(numerator), denominator=Decimal(denominator))

    @property
    def percent(self) -> Decimal | None:
        """numerator / denominator × 100, to 0.01; None ("no data") when nothing was counted."""
        share = divide(self.numerator, self.denominator)
        return rounded(None if share is None else share * 100, PERCENT_PLACES)

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(
            numerator=self.numerator + other.numerator,
            denominator=self.denominator + other.denominator,
        )


def days(value: Decimal | None) -> Decimal | None:
    return rounded(value, DAY_PLACES)


class Period(BaseModel):
    """Calendar days from ``start`` to ``end``, both included."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise InvalidPeriod(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(start=dt.date(year, month, 1), end=dt.date(year, month, last))

    @classmethod
    def month_of(cls, day: dt.date) -> Period:
        return cls.month(day.year, day.month)

    def previous_month(self) -> Period:
        return Period.month_of(self.start - dt.timedelta(days=1))


def months_back(as_of: dt.date, count: int) -> list[Period]:
    """``count`` calendar months ending with the month of ``as_of``, newest first; the newest
    is cut at ``as_of`` (days 1…as_of of that month)."""
    if count < 1:
        raise InvalidPeriod("at least one month is needed")
    months = [Period(start=as_of.replace(day=1), end=as_of)]
    while len(months) < count:
        months.append(months[-1].previous_month())
    return months
