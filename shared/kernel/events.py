"""How a domain makes an event: its facts and when they happened, nothing more.

The envelope's other fields (event id, aggregate id and version, correlation, causation,
producer) are the repository's to stamp after ``decide`` returns
(``shared.infra.repository.stamp``): the domain never calls back into infrastructure,
and the ids stay derived from the decision's seed, so a redelivery stamps the same ones.
Until stamped, an event carries the placeholders below.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # the envelope's type only; the kernel imports nothing of contracts
    from shared.contracts.envelope import Event

E = TypeVar("E", bound="Event")

UNSTAMPED_ID = uuid.UUID(int=0)
UNSTAMPED: dict[str, Any] = {
    "event_id": UNSTAMPED_ID,
    "aggregate_id": "unstamped",
    "aggregate_version": 1,
    "correlation_id": UNSTAMPED_ID,
    "causation_id": None,
    "producer": "unstamped",
}


def new_event(cls: type[E], now: datetime, **fields: Any) -> E:
    """An event of type ``cls`` that happened at ``now``, awaiting its envelope."""
    return cls(**UNSTAMPED, occurred_at=now, **fields)
