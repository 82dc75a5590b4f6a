"""Building blocks for phrase patterns over normalised text (lower case, one space).

English patterns are built from words and gaps of a few words inside one clause, so that a
verb and its object match however they are phrased ("tell your boss", "tell all of your
neighbours"); Chinese patterns from terms and gaps of a few characters. A space inside an
English phrase may be missing, as the normaliser joins the words of ``day-and-night``.
"""

from __future__ import annotations

START = r"(?<![a-z0-9'])"  # an English word starts here
END = r"(?![a-z0-9])"  # an English word ends here
SEP = r"[^a-z0-9'\u3400-\u9fff.!?;。]+"  # between two words of one clause
WORD = r"[a-z0-9'$£€¥%]+"
ZH_ANY = r"[^。.!?;]"  # any character inside one Chinese sentence


def en(*phrases: str) -> str:
    """Any of ``phrases`` as whole words (each may hold regex; a space may be missing)."""
    body = "|".join(phrase.replace(" ", " ?") for phrase in phrases)
    return rf"{START}(?:{body}){END}"


def gap(words: int) -> str:
    """Up to ``words`` words between two parts of one clause."""
    return rf"(?:{SEP}{WORD}){{0,{words}}}?{SEP}"


def seq(*parts: str, within: int = 3) -> str:
    """``parts`` in this order, each within ``within`` words of the one before."""
    return gap(within).join(f"(?:{part})" for part in parts)


def either(first: str, second: str, within: int = 3) -> str:
    """``first`` and ``second`` in either order, within ``within`` words."""
    return f"(?:{seq(first, second, within=within)}|{seq(second, first, within=within)})"


def zh(*terms: str) -> str:
    """Any of ``terms`` (each may hold regex)."""
    return "(?:" + "|".join(terms) + ")"


def zh_seq(*parts: str, within: int = 6) -> str:
    """``parts`` in this order, each within ``within`` characters of one sentence."""
    return f"{ZH_ANY}{{0,{within}}}?".join(f"(?:{part})" for part in parts)


def zh_either(first: str, second: str, within: int = 6) -> str:
    return f"(?:{zh_seq(first, second, within=within)}|{zh_seq(second, first, within=within)})"
