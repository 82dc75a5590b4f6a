"""The normaliser: a text as the linter matches it, with a map back to what was written.

Steps, each undoing one way of slipping a word past a matcher:

1. invisible characters dropped (zero-width, soft hyphen, bidi marks, variation selectors,
   combining marks); NFKC (full-width and styled letters); accents stripped; look-alike
   letters of other scripts mapped to Latin (Cyrillic ``а``, Greek ``ο``…); case folded;
2. traditional Chinese → simplified;
3. separators collapsed: punctuation, symbols and emoji between two letters of a word
   (``j.a.i.l``, ``坐*牢``), spaces between single letters (``j a i l``) and between Han
   characters (``坐 牢``), and every run of spaces to one;
4. leetspeak inside words (``j41l`` → ``jail``), in a second view beside the plain one, as
   ``1`` may stand for ``i`` or ``l`` (a third view) and ``7 days`` must stay ``7 days``;
5. a pinyin rendering: every Han character spelled in toneless pinyin, so a banned word
   written in pinyin (``zuo lao``) or half in pinyin (``坐lao``) can be matched.

Every view keeps, for each of its characters, the span of the original it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from services.notifications.domain.wording import characters as ch

Piece = tuple[str, int, int]  # (character, start, end) in the original


@dataclass(frozen=True)
class View:
    """One normalised form of a text; ``starts[i]:ends[i]`` is where ``text[i]`` came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, pieces: list[Piece]) -> View:
        return cls(
            "".join(p[0] for p in pieces), tuple(p[1] for p in pieces), tuple(p[2] for p in pieces)
        )

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        return self.starts[start], self.ends[max(start, end - 1)]


@dataclass(frozen=True)
class Normalised:
    """A text in every form the linter matches on.

    ``text`` is the main form (leetspeak read as letters); ``views`` are every distinct
    form to match (main, plain without leetspeak, ``1`` read as ``l``); ``pinyin`` spells
    the Han characters in pinyin (built when first asked for).
    """

    original: str
    views: tuple[View, ...]
    plain: list[Piece] = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.views[0].text

    @cached_property
    def pinyin(self) -> View:
        return View.of(list(_pinyin(self.plain)))

    def quote(self, start: int, end: int) -> str:
        """What the author wrote at ``original[start:end]``."""
        return self.original[start:end]


def normalise(text: str) -> Normalised:
    """Every normalised form of ``text``, each mapped back to it (see the module's steps)."""
    pieces = _collapse(_simplify(list(_characters(text))))
    plain = View.of(pieces)
    views = [View.of(_leet(pieces, ch.LEET)), plain, View.of(_leet(pieces, _ONE_AS_L))]
    distinct = list({view.text: view for view in views}.values())
    return Normalised(text, tuple(distinct), pieces)


_ONE_AS_L = {**ch.LEET, **ch.LEET_ONE_AS_L}


def _characters(text: str) -> Iterator[Piece]:
    """Step 1, character by character."""
    for i, raw in enumerate(text):
        if raw in _PLAIN:  # the common case, quickly: ASCII that needs no more than lower case
            if raw == "I" and _between_small_letters(text, i):  # "poIice": an l or an i
                yield ch.STROKE, i, i + 1
            else:
                yield _PLAIN[raw], i, i + 1
            continue
        char = ch.APOSTROPHES.get(raw, raw)
        if ch.is_invisible(char):
            continue
        if char.isspace():
            yield " ", i, i + 1
            continue
        if char == "I" and _between_small_letters(text, i):  # "poIice": an l or an i
            yield ch.STROKE, i, i + 1
            continue
        for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char)):
            if unicodedata.combining(part) or ch.is_invisible(part):
                continue
            for folded in ch.latin_look_alike(part).casefold():
                yield (" " if folded.isspace() else folded), i, i + 1


_PLAIN = {c: c.lower() for c in map(chr, range(0x20, 0x7F)) if c != "`"}


def _between_small_letters(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].islower() and text[i + 1].islower()


def _simplify(pieces: list[Piece]) -> list[Piece]:
    """Step 2: each run of Han characters from traditional to simplified."""
    i = 0
    while i < len(pieces):
        if not ch.is_han(pieces[i][0]):
            i += 1
            continue
        j = i
        while j < len(pieces) and ch.is_han(pieces[j][0]):
            j += 1
        run = "".join(p[0] for p in pieces[i:j])
        converted = ch.simplified(run)
        if len(converted) != len(run):  # a phrase changed length: go character by character
            converted = "".join(c if len(s := ch.simplified(c)) != 1 else s for c in run)
        pieces[i:j] = [(c, p[1], p[2]) for c, p in zip(converted, pieces[i:j], strict=True)]
        i = j
    return pieces


_UNIT = r"[a-z0-9@$](?![a-z0-9'@$])"
_SPACED_LETTERS = re.compile(rf"(?<![a-z0-9'@$]){_UNIT}(?:(?:[^\w']|_)+{_UNIT}){{2,}}")
_SPLIT_BY_SYMBOL = re.compile(
    r"(?<![a-z0-9])[a-z0-9](?:([|!+])[a-z0-9])(?:\1[a-z0-9]){1,}(?![a-z0-9])"
)
_ARTICLE = re.compile(r"[a-z]+ $")


def _collapse(pieces: list[Piece]) -> list[Piece]:
    """Step 3: separators between the letters of a word, then runs of spaces."""
    drop = set(_separators_inside_words(pieces))
    pieces = [p for i, p in enumerate(pieces) if i not in drop]
    text = "".join(p[0] for p in pieces)
    drop = {m.start(1) + 2 * k for m in _SPLIT_BY_SYMBOL.finditer(text)
            for k in range(len(m.group(0)) // 2)}  # fmt: skip
    for match in _SPACED_LETTERS.finditer(text):
        start = match.start()
        if text[start] in "ai" and _ARTICLE.search(text, 0, start):  # "like a d e a d…"
            start = next(i for i in range(start + 1, match.end()) if ch.is_letter_like(text[i]))
        if sum(ch.is_latin(c) for c in text[start : match.end()]) >= 2:
            drop |= {i for i in range(start, match.end()) if not ch.is_letter_like(text[i])}
    kept = [p for i, p in enumerate(pieces) if i not in drop]
    return [p for i, p in enumerate(kept) if not (p[0] == " " and i and kept[i - 1][0] == " ")]


def _separators_inside_words(pieces: list[Piece]) -> Iterator[int]:
    """Indexes of separator runs between two Latin letters (no space in the run), or
    between two Han characters (no clause mark in the run)."""
    i = 0
    while i < len(pieces):
        if not ch.is_separator(pieces[i][0]) or i == 0:
            i += 1
            continue
        j = i
        while j < len(pieces) and ch.is_separator(pieces[j][0]):
            j += 1
        if j < len(pieces):
            run, left, right = [p[0] for p in pieces[i:j]], pieces[i - 1][0], pieces[j][0]
            latin = " " not in run and ch.is_letter_like(left) and ch.is_letter_like(right)
            latin = latin and (ch.is_latin(left) or ch.is_latin(right))
            han = ch.is_han(left) and ch.is_han(right) and not ch.HAN_CLAUSE_MARKS & set(run)
            if latin or han:
                yield from range(i, j)
        i = j


_TOKEN = re.compile(r"[a-z0-9'@$€!|+]+")


def _leet(pieces: list[Piece], table: dict[str, str]) -> list[Piece]:
    """Step 4: in a word with a letter, digits and symbols read as letters (``k111`` →
    ``kill``: a run of ones ends in ``ll``, as English doubles l and seldom i)."""
    text = "".join(p[0] for p in pieces)
    out = list(pieces)
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if not any(c.isalpha() for c in word) or len(word) < 3 or word.isalpha():
            continue
        letters = _read_leet(word, table)
        for k, letter in enumerate(letters):
            at = match.start() + k
            out[at] = (letter, pieces[at][1], pieces[at][2])
    return out


_ONES = re.compile(r"1{2,}")


def _read_leet(word: str, table: dict[str, str]) -> str:
    last = len(word) - 1
    read = [
        table[c] if c in table and (k < last or c not in ch.LEET_ONLY_INSIDE) else c
        for k, c in enumerate(word)
    ]
    for run in _ONES.finditer(word):
        read[run.end() - 2 : run.end()] = ["l", "l"]
    return "".join(read)


def _pinyin(pieces: list[Piece]) -> Iterator[Piece]:
    """Step 5: each Han character as `` syllable ``; everything else as it is."""
    for char, start, end in pieces:
        syllable = ch.pinyin_of(char) if ch.is_han(char) else ""
        if not syllable:
            yield char, start, end
            continue
        for c in f" {syllable} ":
            yield c, start, end
