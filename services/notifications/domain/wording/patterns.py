"""A phrase pattern: a category, a regex over a normalised view, and the checks that keep
lawful wording out (negation, a contract named as the basis of a charge, an address…)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from services.notifications.domain.wording.categories import Category

SENTENCE_END = re.compile(r"(?<!\d)\.(?!\d)|[!?;。\n]")  # "1.5%" ends no sentence
CLAUSE_END = re.compile(r"(?<!\d)[.,](?!\d)|[!?;。\n:]")


@dataclass(frozen=True)
class Context:
    """Where a pattern matched: the view's text and the match's span in it."""

    text: str
    start: int
    end: int

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]

    @cached_property
    def sentence(self) -> str:
        return self.text[self.sentence_start : self._forward(SENTENCE_END)]

    @cached_property
    def sentence_start(self) -> int:
        return self._back(SENTENCE_END)

    @cached_property
    def before(self) -> str:
        """The clause before the match (back to a comma or sentence end)."""
        return self.text[self._back(CLAUSE_END) : self.start]

    @cached_property
    def after(self) -> str:
        """The rest of the sentence after the match."""
        return self.text[self.end : self._forward(SENTENCE_END)]

    def _back(self, stop: re.Pattern[str]) -> int:
        found = [m.end() for m in stop.finditer(self.text, 0, self.start)]
        return found[-1] if found else 0

    def _forward(self, stop: re.Pattern[str]) -> int:
        found = stop.search(self.text, self.end)
        return found.start() if found else len(self.text)


Guard = Callable[[Context], bool]
"""True when the match is lawful wording after all (then it is no finding)."""


@dataclass(frozen=True)
class Pattern:
    """One way of saying something banned.

    ``negatable``: "we will not contact your family" is lawful, so a negation that governs
    the match clears it; patterns that carry their own negation ("will not stop calling")
    are not negatable. ``guards`` clear lawful uses (see :mod:`.lawful`).
    """

    name: str
    category: Category
    regex: re.Pattern[str]
    negatable: bool = True
    guards: tuple[Guard, ...] = ()

    @property
    def script(self) -> str:
        """``han`` for a Chinese pattern (named ``zh_…``), else ``latin``."""
        return "han" if self.name.split(".")[-1].startswith("zh_") else "latin"


def patterns(
    category: Category,
    *named: tuple[str, str],
    negatable: bool = True,
    guards: tuple[Guard, ...] = (),
) -> tuple[Pattern, ...]:
    """Compile ``(name, regex)`` pairs of one category with the same options."""
    return tuple(
        Pattern(f"{category.value}.{name}", category, re.compile(regex), negatable, guards)
        for name, regex in named
    )
