"""Trying a new scorecard on the customers' inputs before it takes effect: which grades move."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.measures import RatingBasis, measure
from services.customers.domain.credit.rating import Rating, rate
from services.customers.domain.credit.scorecard import Grade, Scorecard


class GradeChange(Frozen):
    """One customer whose grade (None: no rating) would differ."""

    customer_id: str
    grade_now: Grade | None
    grade_then: Grade | None
    score_now: int | None
    score_then: int | None


class WhatIf(Frozen):
    """What ``candidate`` would change against ``current``, over the same inputs."""

    current_version: str
    candidate_version: str
    customers: int
    changes: tuple[GradeChange, ...]
    moves: dict[str, int]  # "B→C": how many customers

    @property
    def unchanged(self) -> int:
        return self.customers - len(self.changes)


def _grade_and_score(
    scorecard: Scorecard, basis: RatingBasis, as_of: dt.date
) -> tuple[Grade | None, int | None]:
    result = rate(scorecard, measure(scorecard, as_of, basis))
    return (result.grade, result.score) if isinstance(result, Rating) else (None, None)


def what_if(
    current: Scorecard, candidate: Scorecard, files: Mapping[str, RatingBasis], as_of: dt.date
) -> WhatIf:
    """Rate every customer with both scorecards on ``as_of`` (each measuring with its own
    window); report each grade that would change."""
    changes = []
    for customer_id in sorted(files):
        grade_now, score_now = _grade_and_score(current, files[customer_id], as_of)
        grade_then, score_then = _grade_and_score(candidate, files[customer_id], as_of)
        if grade_now != grade_then:
            changes.append(
                GradeChange(
                    customer_id=customer_id,
                    grade_now=grade_now,
                    grade_then=grade_then,
                    score_now=score_now,
                    score_then=score_then,
                )
            )
    moves = Counter(f"{c.grade_now or 'unrated'}→{c.grade_then or 'unrated'}" for c in changes)
    return WhatIf(
        current_version=current.version,
        candidate_version=candidate.version,
        customers=len(files),
        changes=tuple(changes),
        moves=dict(sorted(moves.items())),
    )
