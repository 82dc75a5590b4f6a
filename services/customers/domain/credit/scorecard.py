"""The scorecard: which measures count, how much, and where the grades begin — as data.

A scorecard is a versioned YAML document validated by these models. Each factor maps
its measure onto points (0–1000) through bands that cover every value exactly once
(``at_least`` inclusive, ``below`` exclusive); its weight (percent, all weights adding
up to 100) gives its share of the score. The score is the sum of the contributions,
rounded half up to a whole number, and its grade the first whose floor it reaches.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, model_validator

from services.customers.domain.credit.base import Frozen, VersionedDocument

Grade = Literal["A", "B", "C", "D", "E"]
GRADES: tuple[Grade, ...] = ("A", "B", "C", "D", "E")
FactorName = Literal[
    "average_days_late", "promises_broken_percent", "overdue_percent", "years_of_relationship",
    "years_in_business", "current_ratio", "supply_halts", "disputes_upheld",
]  # fmt: skip
Points = Annotated[int, Field(ge=0, le=1000)]


class Band(Frozen):
    """Values from ``at_least`` (inclusive) to ``below`` (exclusive) score ``points``."""

    at_least: Decimal | None = None
    below: Decimal | None = None
    points: Points

    def holds(self, value: Decimal) -> bool:
        low = self.at_least is None or value >= self.at_least
        return low and (self.below is None or value < self.below)

    def __str__(self) -> str:
        if self.at_least is None:
            return f"below {self.below}"
        return f"{self.at_least} or more" + (
            f", below {self.below}" if self.below is not None else ""
        )


class Factor(Frozen):
    """One measure's part of the score. ``when_missing``: points to give when the measure
    is unknown (no promises ever made…), or ``insufficient`` to give no rating then;
    ``min_observations``: below that many observations the measure counts as unknown."""

    measure: FactorName
    weight: int = Field(ge=1, le=100, description="percent of the score")
    bands: tuple[Band, ...] = Field(min_length=1)
    when_missing: Points | Literal["insufficient"] = "insufficient"
    min_observations: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _bands_cover_every_value_once(self) -> Factor:
        first, last = self.bands[0], self.bands[-1]
        if first.at_least is not None or last.below is not None:
            raise ValueError(f"{self.measure}: the first band has no at_least, the last no below")
        for low, high in pairwise(self.bands):
            if low.below is None or low.below != high.at_least:
                raise ValueError(
                    f"{self.measure}: each band's below must be the next band's at_least "
                    f"(got {low.below} then {high.at_least})"
                )
            if low.at_least is not None and low.at_least >= low.below:
                raise ValueError(f"{self.measure}: bands must rise ({low.at_least}, {low.below})")
        return self

    def band_for(self, value: Decimal) -> Band:
        return next(band for band in self.bands if band.holds(value))


class Scorecard(VersionedDocument):
    """A versioned scorecard; ``grades`` gives the lowest score of each grade (E from 0)."""

    window_days: int = Field(default=365, ge=30, le=1100, description="the look-back")
    financials_max_age_days: int = Field(default=550, ge=1)
    factors: tuple[Factor, ...] = Field(min_length=1)
    grades: dict[Grade, Points]

    @model_validator(mode="after")
    def _weights_and_grades_add_up(self) -> Scorecard:
        if sum(f.weight for f in self.factors) != 100:
            raise ValueError(f"factor weights add up to {sum(f.weight for f in self.factors)}")
        names = [f.measure for f in self.factors]
        if len(set(names)) != len(names):
            raise ValueError("a measure is weighted twice")
        if set(self.grades) != set(GRADES) or self.grades["E"] != 0:
            raise ValueError("every grade A to E needs its lowest score, and E starts at 0")
        floors = [self.grades[g] for g in GRADES]
        if any(a <= b for a, b in pairwise(floors)):
            raise ValueError("grade floors must fall strictly from A to E")
        return self

    def grade_of(self, score: int) -> Grade:
        return next(g for g in GRADES if score >= self.grades[g])
