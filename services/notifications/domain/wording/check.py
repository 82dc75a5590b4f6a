"""``check(text)``: every banned phrase in a text, with what the author wrote and where.

Run on every rendered message at send time: the text is normalised once and the compiled
patterns run over its few views. On the project's 2-core machines that is a few
milliseconds for a line and a few tens of milliseconds for a letter dense with findings
(``bench/linter_corpus.py`` prints both).
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from services.notifications.domain.wording.categories import PERMITTABLE, Category
from services.notifications.domain.wording.finding import Finding
from services.notifications.domain.wording.normalise import normalise
from services.notifications.domain.wording.proper_names import part_of_a_name
from services.notifications.domain.wording.scan import scan


@dataclass(frozen=True)
class Permit:
    """A span of the text where some permittable categories are allowed: the fixed
    ``legal_notice`` block a policy chose, for example."""

    start: int
    end: int
    categories: frozenset[Category] = PERMITTABLE


class NotPermittable(ValueError):
    """A rail was asked to be allowed: only :data:`PERMITTABLE` categories can be."""


LEGAL_STEPS_ALLOWED: frozenset[Category] = frozenset({Category.LEGAL_STEP})
"""The default: a lawful legal step may be stated anywhere. A template check that allows
legal steps only in a ``legal_notice`` block passes ``allowed=frozenset()`` and a
:class:`Permit` for the block's span."""


def check(
    text: str,
    *,
    allowed: Set[Category] = LEGAL_STEPS_ALLOWED,
    permits: Sequence[Permit] = (),
) -> list[Finding]:
    """Every banned phrase in ``text`` (COMPLIANCE.md R5), in order; ``[]`` when clean.

    ``allowed`` categories are allowed anywhere; a :class:`Permit` allows its categories
    inside its span. Both may name only permittable categories (abuse is never allowed).
    """
    refused = (set(allowed) | {c for p in permits for c in p.categories}) - PERMITTABLE
    if refused:
        raise NotPermittable(f"cannot allow {sorted(c.value for c in refused)}")
    found = scan(normalise(text))
    kept = [
        f
        for f in found
        if f.category not in allowed
        and not _permitted(f, permits)
        and not part_of_a_name(text, f.start, f.end)
    ]
    return _merge(kept)


def _permitted(finding: Finding, permits: Sequence[Permit]) -> bool:
    return any(
        finding.category in p.categories and p.start <= finding.start and finding.end <= p.end
        for p in permits
    )


def _merge(found: list[Finding]) -> list[Finding]:
    """One finding per category and place: overlapping ones of a category become the
    longest."""
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        same = [k for k in kept if k.category == f.category and k.start < f.end and f.start < k.end]
        if not same:
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.category.value))
