"""Rails added to R1/R3/T1 (COMPLIANCE.md): R2, R4, R6, R7, R9 — always on."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from services.notifications.domain.catalogue import CEASE_CONTACT_EXCEPTIONS, spec_of
from services.notifications.domain.rule_types import GateInput, RuleResult

MAX_SLOT_STEPS = 64


def check_represented_debtor_is_reached_through_the_lawyer(given: GateInput) -> RuleResult:
    """R2: once a lawyer represents the debtor, only the lawyer hears from us."""
    if not (given.represented or given.recipient.represented_by_lawyer):
        return RuleResult("R2", "allow", "not_represented")
    if given.recipient.role == "lawyer":
        return RuleResult("R2", "allow", "lawyer")
    return RuleResult("R2", "suppress", "represented")


def check_cease_contact(given: GateInput) -> RuleResult:
    """R4: after a written cease-contact request, only 'collection ends' or a named remedy."""
    if not (given.cease_contact or given.recipient.cease_contact):
        return RuleResult("R4", "allow", "no_cease_request")
    if given.kind in CEASE_CONTACT_EXCEPTIONS:
        return RuleResult("R4", "allow", "permitted_notice")
    return RuleResult("R4", "suppress", "cease_contact")


def check_shared_channel_gets_limited_content(given: GateInput) -> RuleResult:
    """R6: a channel others may see (shared phone, voicemail) gets a limited-content message."""
    if given.channel not in given.recipient.shared_channels:
        return RuleResult("R6", "allow", "private_channel")
    if given.kind == "limited":
        return RuleResult("R6", "allow", "limited_content")
    return RuleResult("R6", "suppress", "limited_content_only")


def check_channel_policy(given: GateInput) -> RuleResult:
    """R7: a template travels only on the channels it was written (and linted) for."""
    channels = spec_of(given.template).channels
    if channels and given.channel not in channels:
        return RuleResult("R7", "suppress", "channel_not_allowed")
    return RuleResult("R7", "allow", "channel_allowed")


def check_inconvenient_times_and_channels(given: GateInput) -> RuleResult:
    """R9: never on a channel, nor at a time, the debtor named inconvenient."""
    recipient = given.recipient
    if given.channel in recipient.inconvenient_channels:
        return RuleResult("R9", "suppress", "inconvenient_channel")
    moment = _after_inconvenient_slots(given)
    if moment == given.now:
        return RuleResult("R9", "allow", "convenient")
    return RuleResult("R9", "defer", "inconvenient_time", until=moment)


def _after_inconvenient_slots(given: GateInput) -> datetime:
    slots = given.recipient.inconvenient
    if not slots:
        return given.now
    zones = [ZoneInfo(zone) for zone in given.zones]
    moment = given.now
    for _ in range(MAX_SLOT_STEPS):
        locals_ = [moment.astimezone(z) for z in zones]
        ends = [s.end_after(t).astimezone(UTC)
                for s in slots for t in locals_ if s.covers(t, given.channel)]  # fmt: skip
        if not ends:
            return moment
        moment = max(ends)
    raise ValueError("inconvenient slots leave no convenient time")
