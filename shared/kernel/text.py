"""Text a person or an outside system typed, refused when it carries invisible control.

Names and free text reach e-mail headers, letters and PDFs. Control characters (CR, LF,
NUL…) can forge lines there (a ``Bcc:`` line in a name), and bidirectional overrides
(Trojan Source, CVE-2021-42574) make text read differently from what it is; both are
refused with the character's code point and name, and pydantic's error names the field
(a 422 at the API edge). Free text keeps line feeds and tabs; a browser's CR LF becomes LF.

Use :func:`one_line` / :func:`several_lines` for a field of your own length, or the ready
types below.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints

# Embeddings, overrides and isolates (Unicode 15, UAX #9), and the Arabic letter mark.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
# Cc control, Cs lone surrogate (a byte that was not UTF-8), Zl / Zp line breaks.
_REFUSED_CATEGORIES = {"Cc": "a control character", "Cs": "not a character (invalid UTF-8?)"}
_REFUSED_CATEGORIES |= {"Zl": "a line separator", "Zp": "a paragraph separator"}
_MULTILINE_ALLOWED = frozenset("\n\t")


def code_point(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how an error names a character."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


# The C0 controls and DELETE have no character name in unicodedata, only these aliases.
_C0 = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)  # fmt: skip
_CONTROL_NAMES = {chr(i): name for i, name in enumerate(_C0)} | {"\x7f": "DELETE"}


def refused_character(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` is refused, naming its first offending character; None when it is clean."""
    for char in value:
        if multiline and char in _MULTILINE_ALLOWED:
            continue
        if char in BIDI_CONTROLS:
            return f"contains {code_point(char)}, a bidirectional control character"
        kind = _REFUSED_CATEGORIES.get(unicodedata.category(char))
        if kind is not None:
            return f"contains {code_point(char)}, {kind}"
    return None


def _single_line(value: str) -> str:
    problem = refused_character(value)
    if problem:
        raise ValueError(problem)
    return value


def _multiline(value: str) -> str:
    value = value.replace("\r\n", "\n")  # a browser's text area sends CR LF
    problem = refused_character(value, multiline=True)
    if problem:
        raise ValueError(problem)
    return value


def one_line(max_length: int, min_length: int = 1) -> Any:
    """A one-line text type: stripped, ``min_length``…``max_length`` characters, no control
    character, line break or bidirectional override."""
    limits = StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)
    return Annotated[str, limits, AfterValidator(_single_line)]


def several_lines(max_length: int, min_length: int = 1) -> Any:
    """Like :func:`one_line`, with line feeds and tabs allowed."""
    limits = StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)
    return Annotated[str, limits, AfterValidator(_multiline)]


CompanyName = one_line(200)
"""A company's legal or trading name, one line."""
Line = one_line(120)
"""One line of an address, a bank's name, a short label."""
FreeText = several_lines(2000)
"""A note or reason: several lines allowed, no other control characters."""
PersonName = Line
"""A person's name as written (personal data: kept encrypted, never logged)."""
