"""The dunning policy of this slice: one reminder level, and the way back to current.

A later, configurable policy (versioned YAML) replaces ``SLICE_POLICY``; rules keep
their names, and every transition event records ``version`` and the rule that fired.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.notifications import Channel

RULE_FIRST_MISSED_PAYMENT = "overdue.first_missed_payment"
RULE_OVERDUE_BALANCE_PAID = "current.overdue_balance_paid"


@dataclass(frozen=True)
class DunningPolicy:
    """What the policy decides: its version, and what level 1 says on which channels."""

    version: str
    reminder_template: str
    reminder_channels: tuple[Channel, ...]


SLICE_POLICY = DunningPolicy(
    version="slice-1",
    reminder_template="overdue_reminder_1",
    reminder_channels=("email", "log"),
)
