"""A customer's grade: the scorecard applied to its inputs, an admin's override, a what-if.

``rate`` is a pure function of a scorecard and the inputs: the same inputs always give
the same grade, score and contributions, each contribution showing the measured value,
the band it fell in, the band's points and the factor's weight.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field, model_validator

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.basic import UserName
from services.customers.domain.credit.measures import CreditInputs
from services.customers.domain.credit.scorecard import Factor, FactorName, Grade, Scorecard
from services.customers.domain.credit.text import FreeText

CENT = Decimal("0.01")


class Contribution(Frozen):
    """``points`` (of 1000) for ``value`` in ``band``, times ``weight`` % = ``contribution``."""

    factor: FactorName
    value: Decimal | None = Field(description="the measure, to two decimals; None if unknown")
    band: str
    points: int
    weight: int
    contribution: Decimal


class Rating(Frozen):
    """A grade the scorecard gave on ``as_of``."""

    kind: Literal["rated"] = "rated"
    scorecard_id: str
    scorecard_version: str
    as_of: dt.date
    grade: Grade
    score: int = Field(ge=0, le=1000)
    contributions: tuple[Contribution, ...]


class NoRating(Frozen):
    """Not enough is known to rate the customer; ``missing`` says what, factor by factor."""

    kind: Literal["unrated"] = "unrated"
    scorecard_id: str
    scorecard_version: str
    as_of: dt.date
    missing: tuple[str, ...]


def _contribution(factor: Factor, inputs: CreditInputs) -> Contribution | str:
    measured = inputs.measures[factor.measure]
    value = measured.value
    if value is not None and measured.observations >= factor.min_observations:
        chosen = factor.band_for(value)
        points, band = chosen.points, str(chosen)
        value = value.quantize(CENT, ROUND_HALF_UP)
    elif factor.when_missing == "insufficient":
        need = f"at least {factor.min_observations}, " if factor.min_observations > 1 else ""
        return f"{factor.measure}: {need}{measured.observations} known ({measured.basis})"
    else:
        points, band, value = factor.when_missing, "unknown", None
    return Contribution(
        factor=factor.measure,
        value=value,
        band=band,
        points=points,
        weight=factor.weight,
        contribution=Decimal(points * factor.weight) / 100,
    )


def rate(scorecard: Scorecard, inputs: CreditInputs) -> Rating | NoRating:
    """The grade ``scorecard`` gives ``inputs``, or what is missing to give one."""
    parts = [_contribution(factor, inputs) for factor in scorecard.factors]
    missing = tuple(p for p in parts if isinstance(p, str))
    card = {"scorecard_id": scorecard.id, "scorecard_version": scorecard.version}
    if missing:
        return NoRating(**card, as_of=inputs.as_of, missing=missing)
    contributions = tuple(p for p in parts if isinstance(p, Contribution))
    total = sum((c.contribution for c in contributions), Decimal(0))
    score = int(total.quantize(Decimal(1), ROUND_HALF_UP))
    return Rating(
        **card,
        as_of=inputs.as_of,
        grade=scorecard.grade_of(score),
        score=score,
        contributions=contributions,
    )


class RatingOverride(Frozen):
    """An admin's grade, for a reason, from ``set_on`` until (not including) ``expires_on``,
    or until ``ended_on`` when an admin (``ended_by``, for ``end_reason``) ended it early."""

    grade: Grade
    reason: FreeText
    set_by: UserName
    set_on: dt.date
    expires_on: dt.date
    ended_on: dt.date | None = None
    ended_by: UserName | None = None
    end_reason: FreeText | None = None

    @model_validator(mode="after")
    def _expires_after_it_is_set(self) -> RatingOverride:
        if self.expires_on <= self.set_on:
            raise ValueError("an override expires after the day it is set")
        return self

    @property
    def ends_on(self) -> dt.date:
        """The first day it no longer stands: its expiry, or the day it was ended."""
        return self.expires_on if self.ended_on is None else min(self.ended_on, self.expires_on)

    def stands_on(self, day: dt.date) -> bool:
        return self.set_on <= day < self.ends_on


class EffectiveGrade(Frozen):
    """The grade credit control uses on a day: the override while it stands, else the rating."""

    grade: Grade | None
    source: Literal["scorecard", "override", "none"]
    rating: Rating | NoRating | None = None
    override: RatingOverride | None = None


def effective_grade(
    rating: Rating | NoRating | None, override: RatingOverride | None, day: dt.date
) -> EffectiveGrade:
    if override is not None and override.stands_on(day):
        return EffectiveGrade(
            grade=override.grade, source="override", rating=rating, override=override
        )
    if isinstance(rating, Rating):
        return EffectiveGrade(grade=rating.grade, source="scorecard", rating=rating)
    return EffectiveGrade(grade=None, source="none", rating=rating)
