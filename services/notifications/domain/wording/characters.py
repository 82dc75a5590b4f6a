"""What each character is, for the normaliser: invisible, a look-alike, leet, Han, pinyin.

The tables come from well-kept libraries, loaded once on first use: Unicode's confusables
(``confusable-homoglyphs``), OpenCC's traditional → simplified dictionaries (``opencc``) and
pypinyin's readings. Nothing here reads a clock, a network or a user's file.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

import opencc
from pypinyin.pinyin_dict import pinyin_dict

# Characters that draw nothing (or only a blank) but can split a word: format controls
# (zero-width space / joiner, soft hyphen, bidi marks, tags…), marks (variation selectors,
# strike-through and other combining marks) and the fillers that are letters by category.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc", "Co", "Cn", "Cs"})
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")
_KEPT_CONTROLS = frozenset("\t\n\r\x0b\x0c")

# Digits and symbols that stand for letters inside a word ("j41l", "$hit", "@rrest").
LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "6": "g",
    "@": "a",
    "$": "s",
    "€": "e",
    "!": "i",
    "|": "l",
    "+": "t",
}
LEET_ONE_AS_L = {"1": "l", "|": "i"}
LEET_ONLY_INSIDE = frozenset("!|+")  # punctuation ending a word stays punctuation
STROKE = "1"  # a vertical stroke that may be an i or an l: the leet views read it both ways
APOSTROPHES = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"}
HAN_RANGES = (
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\U00020000", "\U0002ffff"),
)
HAN_CLAUSE_MARKS = frozenset("。!?;,、:")  # kept between Han characters (after NFKC)


def is_invisible(char: str) -> bool:
    if char in _KEPT_CONTROLS:
        return False
    return char in _FILLERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def is_han(char: str) -> bool:
    if char < "\u3400":  # most characters, quickly
        return False
    return any(low <= char <= high for low, high in HAN_RANGES)


def is_latin(char: str) -> bool:
    return "a" <= char <= "z"


def is_letter_like(char: str) -> bool:
    """A Latin letter, a digit, or a symbol that leetspeak uses as a letter."""
    return is_latin(char) or char.isdigit() or char in LEET or char == "'"


def is_separator(char: str) -> bool:
    """Punctuation, symbols, emoji and spaces: what may sit between the letters of a word."""
    return not (is_letter_like(char) or is_han(char) or char.isalpha())


@cache
def _confusables() -> dict[str, str]:
    """Every non-ASCII character that looks like one ASCII letter or digit, mapped to it."""
    data = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text()
    found: dict[str, str] = {}
    for char, entries in json.loads(data).items():
        if char.isascii() or is_han(char) or len(char) != 1:
            continue
        targets = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii()]
        targets = [t for t in targets if t.isalnum()]
        if targets:
            found[char] = targets[0]
    return found


def latin_look_alike(char: str) -> str:
    """``char`` as the ASCII letter it imitates (Cyrillic ``а`` → ``a``), else itself.

    A small letter whose capital is a look-alike counts too (Cyrillic ``к`` → ``k``).
    """
    table = _confusables()
    if char in table:
        stroke = table[char] in "lI|" or "PALOCHKA" in unicodedata.name(char, "")
        return STROKE if stroke else table[char]
    upper = char.upper()
    if len(upper) == 1 and upper in table and not char.isascii():
        return table[upper].lower()
    return char


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(han: str) -> str:
    """Traditional Chinese as simplified (OpenCC, phrase-aware)."""
    return str(_t2s().convert(han))


@cache
def pinyin_of(char: str) -> str:
    """The toneless pinyin of one Han character (its most common reading), or ``""``."""
    readings = pinyin_dict.get(ord(char))
    if not readings:
        return ""
    return strip_tones(readings.split(",")[0])


def strip_tones(text: str) -> str:
    """``zuò láo`` → ``zuo lao``; ``ü`` becomes ``v`` as pinyin typists write it."""
    decomposed = unicodedata.normalize("NFD", text).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))
