"""Running the patterns over a normalised text's views.

The main view is scanned whole; the leetspeak views only around the characters they read
differently (the rest of them is the main view again); Chinese patterns run on the main
view only (leetspeak changes no Han character); pinyin terms only near Latin letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from services.notifications.domain.wording import lawful, pinyin
from services.notifications.domain.wording.categories import Category
from services.notifications.domain.wording.characters import is_han
from services.notifications.domain.wording.finding import Finding
from services.notifications.domain.wording.normalise import Normalised, View
from services.notifications.domain.wording.patterns import Context, Pattern
from services.notifications.domain.wording.rules import ALL

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z]")
_REACH = 120  # characters around a difference that a pattern may span


def scan(normalised: Normalised) -> list[Finding]:
    """Every match of every pattern and pinyin term that no lawful reading clears."""
    return [*_patterns(normalised), *_pinyin(normalised)]


def _patterns(normalised: Normalised) -> Iterator[Finding]:
    main = normalised.views[0]
    has = {"latin": bool(_LATIN.search(main.text)), "han": bool(_HAN.search(main.text))}
    for pattern in ALL:
        if has[pattern.script]:
            yield from _matches(normalised, main, pattern, [(0, len(main.text))])
    for view in normalised.views[1:]:
        windows = _differences(main.text, view.text)
        for pattern in ALL:
            if pattern.script == "latin":
                yield from _matches(normalised, view, pattern, windows)


def _matches(
    normalised: Normalised, view: View, pattern: Pattern, windows: list[tuple[int, int]]
) -> Iterator[Finding]:
    for begin, end in windows:
        for match in pattern.regex.finditer(view.text, begin, end):
            if match.end() > match.start() and _stands(pattern, view, *match.span()):
                yield _finding(normalised, view, pattern.category, pattern.name, match.span())


def _differences(main: str, other: str) -> list[tuple[int, int]]:
    """Windows of ``other`` around where it differs from ``main`` (same length: leetspeak
    replaces character for character)."""
    changed = [i for i, (a, b) in enumerate(zip(main, other, strict=True)) if a != b]
    return _windows(changed, len(other), _REACH)


def _windows(positions: list[int], length: int, reach: int) -> list[tuple[int, int]]:
    """Merged spans of ``reach`` characters either side of each position."""
    windows: list[tuple[int, int]] = []
    for i in positions:
        begin, end = max(0, i - reach), min(length, i + reach)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((begin, end))
    return windows


def _stands(pattern: Pattern, view: View, start: int, end: int) -> bool:
    ctx = Context(view.text, start, end)
    if pattern.negatable and lawful.negated(ctx):
        return False
    return not any(guard(ctx) for guard in pattern.guards)


@cache
def _pinyin_regex() -> tuple[re.Pattern[str], dict[str, pinyin.PinyinTerm]]:
    """All pinyin terms in one alternation, one named group each."""
    terms = {f"t{i}": term for i, term in enumerate(pinyin.terms())}
    regex = "|".join(f"(?P<{name}>{term.regex.pattern})" for name, term in terms.items())
    return re.compile(regex), terms


def _pinyin(normalised: Normalised) -> Iterator[Finding]:
    """Pinyin terms near Latin letters (``zuo lao``, 坐lao); homophones of the
    :data:`pinyin.BY_SOUND` words anywhere (暴光)."""
    han = bool(_HAN.search(normalised.text))
    if not han and not _LATIN.search(normalised.text):
        return
    view, original = normalised.pinyin, normalised.original
    regex, terms = _pinyin_regex()
    for match in regex.finditer(view.text):
        term = terms[str(match.lastgroup)]
        start, stop = view.origin(*match.span())
        written = original[start:stop]
        if term.by_sound or any(c.isalpha() and not is_han(c) for c in written):
            yield _finding(normalised, view, term.category, f"pinyin.{term.word}", match.span())


def _finding(
    normalised: Normalised, view: View, category: Category, name: str, span: tuple[int, int]
) -> Finding:
    start, end = view.origin(*span)
    return Finding(category, normalised.quote(start, end), start, end, name)
