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

from shared.kernel.copying import validated

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


_ENVELOPE = frozenset({*UNSTAMPED, "occurred_at"})


def new_event(cls: type[E], now: datetime, **fields: Any) -> E:
    """An event of type ``cls`` that happened at ``now``, awaiting its envelope: what
    ``cls(**UNSTAMPED, occurred_at=now, **fields)`` builds (and, like it, an envelope
    field given here is refused: the repository stamps those)."""
    if not _ENVELOPE.isdisjoint(fields):
        given = sorted(_ENVELOPE.intersection(fields))
        raise TypeError(f"{cls.__name__}: envelope fields are stamped, not given: {given}")
    return validated(cls, {**UNSTAMPED, "occurred_at": now, **fields})
