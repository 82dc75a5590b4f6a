"""What the wording linter looks for (COMPLIANCE.md R5), one category per kind of harm."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """A kind of banned content; every finding names one."""

    VIOLENCE = "violence"  # threats of violence or bodily harm, veiled or plain
    ARREST = "arrest"  # arrest, jail, criminal prosecution; debt called a crime
    SEIZURE = "seizure"  # seizure, garnishment, frozen accounts, taking property
    FALSE_AUTHORITY = "false_authority"  # police, court, government, a lawyer; fake papers
    SHAMING = "shaming"  # telling employer, family, contacts; public posts, blacklists
    HARASSMENT = "harassment"  # contact by frequency or at night; visits to intimidate
    INSULT = "insult"  # insults and obscenity
    UNOWED_FEE = "unowed_fee"  # fees, surcharges and penalties not owed
    FALSE_URGENCY = "false_urgency"  # deceptive deadlines and ultimatums
    LEGAL_STATUS = "legal_status"  # misstated legal status (a time-barred debt sued on…)
    LEGAL_STEP = "legal_step"  # a lawful legal step: allowed only where policy places it


ABUSIVE: frozenset[Category] = frozenset(Category) - {Category.LEGAL_STEP}
"""Never allowed, wherever they appear (rails cannot be configured away)."""

PERMITTABLE: frozenset[Category] = frozenset({Category.LEGAL_STEP})
"""Categories a policy may allow, in the whole text or inside a fixed block."""
