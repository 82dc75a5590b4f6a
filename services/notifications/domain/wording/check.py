"""``check(text)``: every banned phrase in a text, with what the author wrote and where.

Fast enough for every rendered message at send time: the text is normalised once and the
compiled patterns run over its few views (a few hundred microseconds for a letter; see
``bench/linter_corpus.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass

from services.notifications.domain.wording import lawful, pinyin
from services.notifications.domain.wording.categories import PERMITTABLE, Category
from services.notifications.domain.wording.normalise import Normalised, View, normalise
from services.notifications.domain.wording.patterns import Context, Pattern
from services.notifications.domain.wording.proper_names import part_of_a_name
from services.notifications.domain.wording.rules import ALL


@dataclass(frozen=True)
class Finding:
    """One banned phrase: its category, the rule it breaks, and what the author wrote."""

    category: Category
    quote: str  # the original text, as written (invisible characters and all)
    start: int  # span in the original text
    end: int
    pattern: str  # which pattern found it, e.g. ``shaming.boss_learns``
    rule: str = "R5"

    def __str__(self) -> str:
        return f"{self.rule} {self.category.value}: {self.quote!r} ({self.pattern})"


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
    normalised = normalise(text)
    found = [*_patterns(normalised), *_pinyin(normalised)]
    kept = [
        f
        for f in found
        if f.category not in allowed
        and not _permitted(f, permits)
        and not part_of_a_name(text, f.start, f.end)
    ]
    return _merge(kept)


def _patterns(normalised: Normalised) -> Iterator[Finding]:
    for view in normalised.views:
        for pattern in ALL:
            for match in pattern.regex.finditer(view.text):
                if match.end() > match.start() and _stands(pattern, view, *match.span()):
                    yield _finding(normalised, view, pattern.category, pattern.name, match.span())


def _stands(pattern: Pattern, view: View, start: int, end: int) -> bool:
    ctx = Context(view.text, start, end)
    if pattern.negatable and lawful.negated(ctx):
        return False
    return not any(guard(ctx) for guard in pattern.guards)


def _pinyin(normalised: Normalised) -> Iterator[Finding]:
    view, original = normalised.pinyin, normalised.original
    if not any("a" <= c <= "z" for c in view.text):
        return
    for term in pinyin.terms():
        for match in term.regex.finditer(view.text):
            start, end = view.origin(*match.span())
            if any(c.isascii() and c.isalpha() for c in original[start:end]):
                yield _finding(normalised, view, term.category, f"pinyin.{term.word}", match.span())


def _finding(
    normalised: Normalised, view: View, category: Category, name: str, span: tuple[int, int]
) -> Finding:
    start, end = view.origin(*span)
    return Finding(category, normalised.quote(start, end), start, end, name)


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
