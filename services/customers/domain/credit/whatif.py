"""Trying a new scorecard on the customers' inputs before it takes effect: which grades move."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.measures import RatingBasis, measure
from services.customers.domain.credit.rating import Contribution, Rating, rate
from services.customers.domain.credit.scorecard import Grade, Scorecard


class GradeChange(Frozen):
    """One customer whose grade (None: no rating) would differ, with every factor's
    contribution under each scorecard (none where it gives no rating)."""

    customer_id: str
    grade_now: Grade | None
    grade_then: Grade | None
    score_now: int | None
    score_then: int | None
    contributions_now: tuple[Contribution, ...] = ()
    contributions_then: tuple[Contribution, ...] = ()


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


def _graded(scorecard: Scorecard, basis: RatingBasis, as_of: dt.date) -> dict[str, object]:
    result = rate(scorecard, measure(scorecard, as_of, basis))
    if not isinstance(result, Rating):
        return {"grade": None, "score": None, "contributions": ()}
    return {"grade": result.grade, "score": result.score, "contributions": result.contributions}


def what_if(
    current: Scorecard, candidate: Scorecard, files: Mapping[str, RatingBasis], as_of: dt.date
) -> WhatIf:
    """Rate every customer with both scorecards on ``as_of`` (each measuring with its own
    window); report each grade that would change."""
    changes = []
    for customer_id in sorted(files):
        now = _graded(current, files[customer_id], as_of)
        then = _graded(candidate, files[customer_id], as_of)
        if now["grade"] != then["grade"]:
            fields = {f"{name}_now": value for name, value in now.items()}
            fields |= {f"{name}_then": value for name, value in then.items()}
            changes.append(GradeChange.model_validate({"customer_id": customer_id, **fields}))
    moves = Counter(f"{c.grade_now or 'unrated'}→{c.grade_then or 'unrated'}" for c in changes)
    return WhatIf(
        current_version=current.version,
        candidate_version=candidate.version,
        customers=len(files),
        changes=tuple(changes),
        moves=dict(sorted(moves.items())),
    )
