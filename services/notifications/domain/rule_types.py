"""What every gate rule takes and gives: one delivery to judge, one named answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from services.notifications.domain.catalogue import Kind, kind_of
from services.notifications.domain.history import NO_HISTORY, SendHistory
from services.notifications.domain.packs import Pack, pack_for
from services.notifications.domain.recipient import Recipient
from shared.contracts.notifications import Channel, GateDecision

Outcome = Literal["allow", "defer", "suppress"]


@dataclass(frozen=True)
class GateInput:
    """One delivery to judge: a channel, a recipient, the debtor's jurisdiction, now.

    The rest is optional with safe defaults: the template (its kind decides R3/R4/R6/T4/T5),
    the request (so its own sibling deliveries do not count against it), the debtor's send
    history, debtor-wide flags, and the pack (resolved from ``jurisdiction`` when ``None``).
    """

    channel: Channel
    recipient: Recipient
    jurisdiction: str
    now: datetime
    template: str = ""
    request_id: str = ""
    history: SendHistory = NO_HISTORY
    represented: bool = False
    cease_contact: bool = False
    pack: Pack | None = None

    @property
    def kind(self) -> Kind:
        return kind_of(self.template)

    @property
    def policy(self) -> Pack:
        return self.pack or pack_for(self.jurisdiction)

    @property
    def zones(self) -> tuple[str, ...]:
        """The recipient's zone, or every candidate zone of the jurisdiction (T1)."""
        if self.recipient.timezone:
            return (self.recipient.timezone,)
        return self.policy.zones


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
