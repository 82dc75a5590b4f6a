"""The compliance gate: named rules, each answering allow / defer / suppress with its id.

Rule ids follow ``COMPLIANCE.md`` (R = rails, always on; T = policy, per jurisdiction
pack). A rule sees only a :class:`Recipient` (ids, role, consent, time zone), never a
name or an address. The gate runs every rule and keeps every answer as evidence:
any suppression wins, else the latest deferral, else the message may go now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from services.notifications.domain.quiet_hours import QuietHours, next_allowed_moment
from services.notifications.domain.recipient import Recipient
from shared.contracts.notifications import Channel, GateDecision

Outcome = Literal["allow", "defer", "suppress"]

DEBTOR_SIDE_ROLES = frozenset({"debtor_staff", "guarantor", "lawyer"})


@dataclass(frozen=True)
class GateInput:
    """One delivery to judge: a channel, a recipient, the debtor's jurisdiction, now."""

    channel: Channel
    recipient: Recipient
    jurisdiction: str
    now: datetime


@dataclass(frozen=True)
class RuleResult:
    """One rule's answer. ``reason`` is a stable code (``third_party``, ``opted_out``…)."""

    rule: str
    outcome: Outcome
    reason: str = ""
    until: datetime | None = None

    def as_evidence(self) -> GateDecision:
        detail = self.reason
        if self.until is not None:
            detail = f"{self.reason} until {self.until.astimezone(UTC).isoformat()}"
        return GateDecision(rule=self.rule, outcome=self.outcome, detail=detail)


Rule = Callable[[GateInput], RuleResult]


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one delivery, with every rule's answer as evidence."""

    outcome: Outcome
    results: tuple[RuleResult, ...]
    deciding: RuleResult | None = None

    @property
    def until(self) -> datetime | None:
        return self.deciding.until if self.deciding else None

    @property
    def evidence(self) -> tuple[GateDecision, ...]:
        return tuple(result.as_evidence() for result in self.results)


def check_recipient_is_the_debtors_own_contact(given: GateInput) -> RuleResult:
    """R1: only the debtor's staff, a guarantor or their lawyer hear about the debt."""
    if given.recipient.role in DEBTOR_SIDE_ROLES:
        return RuleResult("R1", "allow", "debtor_side")
    return RuleResult("R1", "suppress", "third_party")


def check_channel_is_not_opted_out(given: GateInput) -> RuleResult:
    """R3: a contact who withdrew consent for a channel gets nothing more on it."""
    if given.recipient.consent.get(given.channel) is False:
        return RuleResult("R3", "suppress", "opted_out")
    return RuleResult("R3", "allow", "consented")


QUIET_HOURS: Mapping[str, QuietHours] = {
    "cn": QuietHours.between(8, 22),  # no contact 22:00–08:00
    "us": QuietHours.between(8, 21),  # 12 CFR 1006.6(b)(1)(i): 08:00–21:00 only
}
DEFAULT_QUIET_HOURS = QUIET_HOURS["cn"]

# Where a recipient may be when their own zone is unknown: allowed only when every
# candidate zone allows it (COMPLIANCE T1).
CANDIDATE_ZONES: Mapping[str, tuple[str, ...]] = {
    "cn": ("Asia/Shanghai",),
    "us": ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
           "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"),
    "uk": ("Europe/London",),
    "eu": ("Europe/Lisbon", "Europe/Paris", "Europe/Helsinki"),
}  # fmt: skip
FALLBACK_ZONES = ("Asia/Shanghai",)


def zones_of(given: GateInput) -> tuple[str, ...]:
    if given.recipient.timezone:
        return (given.recipient.timezone,)
    return CANDIDATE_ZONES.get(given.jurisdiction, FALLBACK_ZONES)


def check_quiet_hours_in_recipients_zone(given: GateInput) -> RuleResult:
    """T1: contact only inside the allowed hours of the recipient's local time."""
    hours = QUIET_HOURS.get(given.jurisdiction, DEFAULT_QUIET_HOURS)
    zones = zones_of(given)
    moment = next_allowed_moment(given.now, hours, zones)
    if moment == given.now:
        return RuleResult("T1", "allow", "inside_allowed_hours")
    return RuleResult("T1", "defer", "quiet_hours", until=moment)


DEFAULT_RULES: tuple[Rule, ...] = (
    check_recipient_is_the_debtors_own_contact,
    check_channel_is_not_opted_out,
    check_quiet_hours_in_recipients_zone,
)


@dataclass(frozen=True)
class Gate:
    """Runs ``rules`` in order; a suppression beats a deferral beats an allowance."""

    rules: Sequence[Rule] = field(default=DEFAULT_RULES)

    def decide(self, given: GateInput) -> Verdict:
        results = tuple(rule(given) for rule in self.rules)
        suppressions = [r for r in results if r.outcome == "suppress"]
        if suppressions:
            return Verdict("suppress", results, suppressions[0])
        deferrals = [r for r in results if r.outcome == "defer"]
        if deferrals:
            latest = max(deferrals, key=lambda r: r.until or given.now)
            return Verdict("defer", results, latest)
        return Verdict("allow", results)
