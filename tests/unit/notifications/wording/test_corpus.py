"""The project's own corpus: large enough, both languages, every category and evasion class,
and the linter meets its targets on it (≥ 98 % of abusive lines caught, ≤ 2 % of lawful
lines refused). ``bench/linter_corpus.py`` prints the same measure by group."""

from __future__ import annotations

from services.notifications.domain.wording import Category
from tests.unit.notifications.wording.corpus import (
    ABUSIVE,
    CATCH_TARGET,
    FALSE_POSITIVE_LIMIT,
    LAWFUL,
    measure,
    read,
)

EVASIONS = {"plain", "paraphrase", "fullwidth", "confusables", "invisible", "separators",
            "leetspeak", "traditional", "pinyin", "case"}  # fmt: skip


def chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_the_corpus_is_large_and_covers_every_category_and_evasion_in_both_languages() -> None:
    abusive, lawful = read(ABUSIVE), read(LAWFUL)
    assert len(abusive) >= 400 and len(lawful) >= 300
    categories = set(Category) - {Category.LEGAL_STEP}
    assert {e.category for e in abusive} == {c.value for c in categories}
    assert {e.evasion for e in abusive} == EVASIONS
    for category in categories:
        plain = [e for e in abusive if e.category == category and e.evasion == "plain"]
        assert {chinese(e.text) for e in plain} == {True, False}, category
    assert sum(chinese(e.text) for e in lawful) >= 100


def test_the_linter_catches_at_least_98_percent_of_the_abusive_lines() -> None:
    result = measure(read(ABUSIVE), abusive=True)
    missed = [entry.text for entry, _ in result.misses]
    assert result.overall.rate >= CATCH_TARGET, missed


def test_the_linter_refuses_at_most_2_percent_of_the_lawful_lines() -> None:
    result = measure(read(LAWFUL), abusive=False)
    refused = [f"{entry.text} <- {[str(f) for f in found]}" for entry, found in result.misses]
    assert result.overall.rate <= FALSE_POSITIVE_LIMIT, refused
