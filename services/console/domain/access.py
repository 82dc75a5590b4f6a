"""Who may do what in the console. The console checks this before every call it makes to
a service on a person's behalf (the services check the person's key again)."""

from __future__ import annotations

from enum import StrEnum

from services.console.domain.accounts import PersonRole


class Can(StrEnum):
    READ_DEBTORS = "read_debtors"
    SEE_CONTACT_DETAILS = "see_contact_details"  # names, e-mail addresses, phone numbers
    ACT_ON_DEBTORS = "act_on_debtors"  # promises, plans, offers, disputes, classification
    PLACE_LEGAL_HOLD = "place_legal_hold"
    READ_LEGAL_HOLD = "read_legal_hold"
    READ_EVIDENCE = "read_evidence"  # messages with gate decisions, evidence bundles
    REPLAY_DEAD_LETTERS = "replay_dead_letters"
    MANAGE_KEYS = "manage_keys"
    MANAGE_USERS = "manage_users"


_ALLOWED: dict[Can, frozenset[PersonRole]] = {
    Can.READ_DEBTORS: frozenset({"admin", "collector", "auditor"}),
    # A collector phones the debtor; an auditor checks what was done, not whom to call.
    Can.SEE_CONTACT_DETAILS: frozenset({"admin", "collector"}),
    Can.ACT_ON_DEBTORS: frozenset({"admin", "collector"}),
    Can.PLACE_LEGAL_HOLD: frozenset({"admin"}),
    Can.READ_LEGAL_HOLD: frozenset({"admin", "auditor"}),
    Can.READ_EVIDENCE: frozenset({"admin", "auditor"}),
    Can.REPLAY_DEAD_LETTERS: frozenset({"admin"}),
    Can.MANAGE_KEYS: frozenset({"admin"}),
    Can.MANAGE_USERS: frozenset({"admin"}),
}


def may(role: PersonRole, action: Can) -> bool:
    return role in _ALLOWED[action]
