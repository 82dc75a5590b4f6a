"""The wording linter (COMPLIANCE.md R5): normalise a text, then match phrase patterns by
category, in English and Chinese. Pure: no I/O, no clock.

    >>> [f.category.value for f in check("We will tell your b0ss about this")]
    ['shaming']
"""

from __future__ import annotations

from services.notifications.domain.wording.categories import ABUSIVE, PERMITTABLE, Category
from services.notifications.domain.wording.check import (
    LEGAL_STEPS_ALLOWED,
    NotPermittable,
    Permit,
    check,
)
from services.notifications.domain.wording.finding import Finding
from services.notifications.domain.wording.normalise import Normalised, View, normalise

__all__ = [
    "ABUSIVE",
    "LEGAL_STEPS_ALLOWED",
    "PERMITTABLE",
    "Category",
    "Finding",
    "Normalised",
    "NotPermittable",
    "Permit",
    "View",
    "check",
    "normalise",
]
