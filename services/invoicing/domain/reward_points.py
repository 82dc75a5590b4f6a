"""The customer's reward points as its statements (对账单) show them.

Customers keeps the points (earned for invoices paid on time, spent on redemptions) and
publishes each change as ``RewardPointsChanged``. Invoicing notes every change in the
account's stream (``RewardPointsNoted``, once per reference) so that a statement shows the
balance as of its last day: the sum of the changes dated up to that day, whatever order
they arrived in. Invoicing holds no rule about points; it only shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.customers import RewardPointsChanged
from shared.contracts.envelope import Event, domain_event
from shared.kernel import Decision, new_event

Kind = Literal["earned", "redeemed"]


class NoteRewardPoints(BaseModel):
    """Customers reported a change of the customer's points (``change``, dated ``on``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reference: str = Field(min_length=1, max_length=80)
    kind: Kind
    change: int
    on: dt.date
    programme_version: str = Field(max_length=32)

    @classmethod
    def of(cls, event: RewardPointsChanged) -> NoteRewardPoints:
        return cls(reference=event.reference, kind=event.kind, change=event.change,
                   on=event.on, programme_version=event.programme_version)  # fmt: skip


@domain_event("invoicing")
class RewardPointsNoted(Event):
    """A change of the customer's reward points, kept to show the balance on statements."""

    type: Literal["RewardPointsNoted"] = "RewardPointsNoted"
    customer_id: str
    reference: str
    kind: Kind
    change: int
    on: dt.date
    programme_version: str


class PointsChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    on: dt.date
    change: int


def note_reward_points(
    customer_id: str, known: Mapping[str, PointsChange], cmd: NoteRewardPoints, now: dt.datetime
) -> Decision:
    """Noted once per reference (a redelivered change notes nothing)."""
    if cmd.reference in known:
        return Decision()
    noted = new_event(RewardPointsNoted, now, customer_id=customer_id, **cmd.model_dump())
    return Decision(events=[noted])


def points_balance(changes: Mapping[str, PointsChange], day: dt.date) -> int | None:
    """The balance at the end of ``day``; None for a customer whose points never changed
    (no rewards programme, or nothing earned yet): its statement shows no points."""
    if not changes:
        return None
    return sum(c.change for c in changes.values() if c.on <= day)
