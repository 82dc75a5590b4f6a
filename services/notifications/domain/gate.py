"""The compliance gate: named rules, each answering allow / defer / suppress with its id.

Rule ids follow ``COMPLIANCE.md`` (R = rails, always on; T = policy, per jurisdiction
pack). A rule sees only a :class:`Recipient` (ids, role, consent, time zone), never a
name or an address. The gate runs every rule and keeps every answer as evidence:
any suppression wins, else a deferral — to the first moment every rule allows — else
the message may go now. (R5 is the template linter's, R8 the design's: neither is here.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from services.notifications.domain import policy_rules, rails
from services.notifications.domain.packs import DEFAULT, PACKS, Pack, pack_for
from services.notifications.domain.quiet_hours import QuietHours, next_allowed_moment
from services.notifications.domain.rule_types import GateInput, Outcome, Rule, RuleResult
from shared.contracts.notifications import GateDecision

__all__ = ["DEFAULT_RULES", "Gate", "GateInput", "Outcome", "Rule", "RuleResult", "Verdict"]

DEBTOR_SIDE_ROLES = frozenset({"debtor_staff", "guarantor", "lawyer"})
MAX_HOPS = 64


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
    """R1: only the debtor's staff, a guarantor or their lawyer hear about the debt.

    A location inquiry (which never mentions the debt) is T5's to judge instead.
    """
    if given.recipient.role in DEBTOR_SIDE_ROLES:
        return RuleResult("R1", "allow", "debtor_side")
    if given.kind == "location_inquiry":
        return RuleResult("R1", "allow", "no_debt_content")
    return RuleResult("R1", "suppress", "third_party")


def check_channel_is_not_opted_out(given: GateInput) -> RuleResult:
    """R3: after an opt-out on a channel, one confirmation with no other content, then nothing."""
    opted_out = given.recipient.consent.get(given.channel) is False
    if given.kind == "opt_out_confirmation":
        if not opted_out:
            return RuleResult("R3", "suppress", "no_opt_out_to_confirm")
        contact = given.recipient.contact_id
        if given.history.has(given.template, contact, given.channel):
            return RuleResult("R3", "suppress", "confirmation_already_sent")
        return RuleResult("R3", "allow", "one_confirmation")
    if opted_out:
        return RuleResult("R3", "suppress", "opted_out")
    return RuleResult("R3", "allow", "consented")


QUIET_HOURS: Mapping[str, QuietHours] = {code: pack.hours for code, pack in PACKS.items()}
DEFAULT_QUIET_HOURS = QUIET_HOURS["cn"]


def zones_of(given: GateInput) -> tuple[str, ...]:
    """The recipient's zone, or every candidate zone of the jurisdiction."""
    return given.zones


def check_quiet_hours_in_recipients_zone(given: GateInput) -> RuleResult:
    """T1: contact only inside the allowed hours of the recipient's local time."""
    moment = next_allowed_moment(given.now, given.policy.hours, given.zones)
    if moment == given.now:
        return RuleResult("T1", "allow", "inside_allowed_hours")
    return RuleResult("T1", "defer", "quiet_hours", until=moment)


DEFAULT_RULES: tuple[Rule, ...] = (
    check_recipient_is_the_debtors_own_contact,
    rails.check_represented_debtor_is_reached_through_the_lawyer,
    check_channel_is_not_opted_out,
    rails.check_cease_contact,
    rails.check_shared_channel_gets_limited_content,
    rails.check_channel_policy,
    rails.check_inconvenient_times_and_channels,
    check_quiet_hours_in_recipients_zone,
    policy_rules.check_public_holidays_and_weekends,
    policy_rules.check_frequency_cap,
    policy_rules.check_minimum_spacing,
    policy_rules.check_third_party_location_contact,
)


def _pack_named(given: GateInput) -> RuleResult:
    """Evidence of which jurisdiction pack judged the delivery; the ``default`` pack says
    which jurisdiction had none."""
    code = given.policy.code
    if code == DEFAULT and given.jurisdiction != DEFAULT:
        return RuleResult("PACK", "allow", f"default: no pack for {given.jurisdiction[:40]!r}")
    return RuleResult("PACK", "allow", code)


@dataclass(frozen=True)
class Gate:
    """Runs ``rules`` in order; a suppression beats a deferral beats an allowance.

    ``packs`` are the policy defaults by jurisdiction (tenant overrides applied).
    """

    rules: Sequence[Rule] = field(default=DEFAULT_RULES)
    packs: Mapping[str, Pack] = field(default_factory=lambda: dict(PACKS))

    def decide(self, given: GateInput) -> Verdict:
        if given.pack is None:
            given = replace(given, pack=pack_for(given.jurisdiction, self.packs))
        results = (_pack_named(given), *(rule(given) for rule in self.rules))
        suppressions = [r for r in results if r.outcome == "suppress"]
        if suppressions:
            return Verdict("suppress", results, suppressions[0])
        deferrals = [r for r in results if r.outcome == "defer"]
        if deferrals:
            latest = max(deferrals, key=lambda r: r.until or given.now)
            until = self._first_moment_all_allow(given, latest.until or given.now)
            return Verdict("defer", results, replace(latest, until=until))
        return Verdict("allow", results)

    def _first_moment_all_allow(self, given: GateInput, until: datetime) -> datetime:
        """Ask the rules again at ``until`` until none defers (quiet hours after a holiday,
        a cap after the spacing…), so one durable timer usually suffices."""
        for _ in range(MAX_HOPS):
            later = [rule(replace(given, now=until)) for rule in self.rules]
            if any(r.outcome == "suppress" for r in later):
                return until
            deferrals = [r.until for r in later if r.outcome == "defer" and r.until]
            if not deferrals:
                return until
            until = max(deferrals)
        return until
