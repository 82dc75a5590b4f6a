"""Names are not threats: "Jail Singh", "12 Prison Lane", 老赖皮食品有限公司.

A finding that is one capitalised word inside a name (the next word capitalised too, or a
title before it), or that runs into a registered company name, is a name — unless the whole
sentence is written in capitals or Title Case, which is an evasion, not a name.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Attn|Attention|Dear|by|from|to|and|&)\.?:?\s+|"
    r"\d+\s+)$"
)
_COMPANY_AFTER_EN = re.compile(
    r"^(?:\s+(?:[A-Z][\w&'.-]*|&)){0,3}\s+(?:Ltd|Limited|Inc|LLC|LLP|GmbH|Co|Corp|Corporation|PLC|"
    r"SA|AG|BV|NV|Pty|Company|Group|Holdings|Trading|Imports|Exports|Supplies)\b"
)
_PLACE_AFTER_ZH = re.compile(
    r"^(?:东|西|南|北|中)?(?:路|街|巷|大道|大街|胡同|弄|里\d|号|村|镇|站|桥|广场|大厦|小区|新村|花园|公寓)"
)
_COMPANY_AFTER_ZH = re.compile(
    r"^[^。！？!?；;，,\s]{0,10}?(?:有限公司|有限责任公司|股份公司|集团|商行|工作室|合作社|事务所|"
    r"商贸|科技公司|食品公司)"
)


def part_of_a_name(original: str, start: int, end: int) -> bool:
    """The text at ``original[start:end]`` belongs to a person's, a place's or a company's
    name rather than to a sentence about the reader."""
    quote = original[start:end]
    after = original[end : end + 40]
    if any("\u4e00" <= c <= "\u9fff" for c in quote):
        return bool(_COMPANY_AFTER_ZH.match(after) or _PLACE_AFTER_ZH.match(after))
    words = quote.split()
    if not all(_WORD.fullmatch(w) and w[0].isupper() and w[1:].islower() for w in words):
        return False
    if not words or _shouting(original, start):
        return False
    before = original[max(0, start - 20) : start]
    next_word = re.match(r"\s+[A-Z][a-z]", after)
    previous = re.search(r"(?:^|[a-z,:;]\s+)([A-Z][a-z]+)\s+$", original[:start])
    previous_word = previous and previous.group(1).lower() not in _FUNCTION_WORDS  # "Sue Sheriff"
    return bool(
        next_word or previous_word or _TITLE_BEFORE.search(before) or _COMPANY_AFTER_EN.match(after)
    )


_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "you your will be the we are is to of a an and by at in on for or us our it this "
        "that if not",
    )
)


def _shouting(original: str, at: int) -> bool:
    """The sentence around ``at`` is in capitals or Title Case: a name keeps its small words
    small ("Sent by Jail Singh"), an evasion does not ("You Will Be Jailed")."""
    begin = max(original.rfind(".", 0, at), original.rfind("\n", 0, at)) + 1
    end_dot = original.find(".", at)
    words = _WORD.findall(original[begin : end_dot if end_dot != -1 else len(original)])
    capital_small_words = [w for w in words[1:] if w.lower() in _FUNCTION_WORDS and w[0].isupper()]
    in_capitals = [w for w in words if len(w) > 2 and w.isupper()]  # not "SK1 3DD"
    return bool(capital_small_words) or len(in_capitals) >= 2
