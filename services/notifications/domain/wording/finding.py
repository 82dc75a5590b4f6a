"""A finding: one banned phrase, where it is and what the author wrote."""

from __future__ import annotations

from dataclasses import dataclass

from services.notifications.domain.wording.categories import Category


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
