"""A claimed delivery: who owns sending it, and the key every provider call carries.

The key ``<request>:<channel>:<contact>:<attempt>`` is the same for the first call and for
a re-send after a crash, so providers that keep idempotency keys send once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.notifications.domain.state import NotificationState
from shared.contracts.notifications import Channel, NotificationAllowed
from shared.infra.transient import TransientError
from shared.kernel.ids import derived_id


class ClaimInFlight(TransientError):
    """Another worker still holds the send lease of a claim; the trigger comes back later."""


@dataclass(frozen=True)
class Claim:
    """One (channel, contact) delivery an ``NotificationAllowed`` claimed, at one attempt."""

    request_id: str
    customer_id: str
    channel: Channel
    contact_id: str
    attempt: int
    correlation_id: uuid.UUID
    resumed: bool = False

    @property
    def key(self) -> str:
        return f"{self.request_id}:{self.channel}:{self.contact_id}:{self.attempt}"

    @property
    def causation_id(self) -> uuid.UUID:
        return derived_id("claim", self.key)

    @classmethod
    def of(cls, allowed: NotificationAllowed) -> Claim:
        return cls(
            allowed.request_id, allowed.customer_id, allowed.channel, allowed.contact_id,
            allowed.attempt, allowed.correlation_id,
        )  # fmt: skip


def open_claims(state: NotificationState) -> list[Claim]:
    """Deliveries claimed (``allowed``) with neither a send nor a failure recorded."""
    correlation = _uuid_or_derived(state.correlation_id, state.request_id)
    return [
        Claim(state.request_id, state.customer_id, d.channel, d.contact_id, d.attempts,
              correlation, resumed=True)
        for d in state.deliveries.values()
        if d.status == "allowed" and d.contact_id
    ]  # fmt: skip


def parse_key(key: str) -> tuple[str, str, str, int] | None:
    """``(request_id, channel, contact_id, attempt)`` from a claim key, or None."""
    parts = key.rsplit(":", 3)
    if len(parts) != 4 or not parts[3].isdigit():
        return None
    return parts[0], parts[1], parts[2], int(parts[3])


def _uuid_or_derived(value: str, request_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        return derived_id("notification", request_id)
