"""The phrase patterns, one module per category, each in English and Chinese."""

from __future__ import annotations

from services.notifications.domain.wording.patterns import Pattern
from services.notifications.domain.wording.rules import (
    arrest,
    authority,
    fees,
    harassment,
    insult,
    legal,
    plain,
    seizure,
    shaming,
    urgency,
    veiled,
    violence,
)

ALL: tuple[Pattern, ...] = (
    *violence.PATTERNS,
    *arrest.PATTERNS,
    *seizure.PATTERNS,
    *authority.PATTERNS,
    *shaming.PATTERNS,
    *harassment.PATTERNS,
    *insult.PATTERNS,
    *fees.PATTERNS,
    *urgency.PATTERNS,
    *legal.PATTERNS,
    *plain.PATTERNS,
    *veiled.PATTERNS,
)
