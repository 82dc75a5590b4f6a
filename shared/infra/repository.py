"""Running a pure aggregate: load → decide → stamp → append, with retry.

Services give a ``decide`` (pure: state, now → Decision) and an ``evolve`` (pure: state,
event → state). A :class:`Repository` owns the I/O around them: it reads the clock once,
decides on the current state, stamps the envelopes of the decided events and appends
them; on a concurrency conflict it reloads and decides again. Application code depends
on the :class:`Repository` protocol; ``RedisRepository`` runs it on the event store,
``MemoryRepository`` in memory for unit tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel

from shared.contracts import Event
from shared.infra.eventstore import StreamRef, VerifyReport
from shared.kernel.decision import Decision
from shared.kernel.ids import joined_id

S = TypeVar("S", bound=BaseModel)
Decide = Callable[[S, datetime], Decision]
"""The domain's ``decide`` with its command and context bound: ``(state, now) -> Decision``."""


class Cause(NamedTuple):  # immutable, and made per command: a named tuple (see StreamRef)
    """Why a change is made: the flow it belongs to (``correlation_id``), what caused it
    (``causation_id``) and, when given, the key that makes a repeat append nothing."""

    correlation_id: uuid.UUID
    causation_id: uuid.UUID | None = None
    idempotency_key: str | None = None

    @classmethod
    def command(cls, flow: str, aggregate_id: str, key: str, idempotent: bool = True) -> Cause:
        """A command about ``aggregate_id``: its flow is the aggregate's, its cause the key.

        ``idempotent=False``: the command is idempotent by state instead (it may be made,
        undone and made again), so the key does not fence it.
        """
        return cls(
            correlation_id=joined_id(f"{flow}/{aggregate_id}"),  # derived_id(flow, aggregate_id)
            causation_id=joined_id(f"command/{key}"),
            idempotency_key=key if idempotent else None,
        )


class Outcome(NamedTuple, Generic[S]):  # as ``Cause``
    """The state after a decision, the events it appended (stamped) and the stream version.

    ``duplicate``: the idempotency key had been applied before; nothing was appended.
    """

    state: S
    events: Sequence[Event]
    version: int
    duplicate: bool = False


Work = tuple[StreamRef, Decide[S], Cause]
"""One command of a batch: the aggregate, the bound decision and its cause."""


class Repository(Protocol[S]):
    """Loads and changes aggregates of one type."""

    def ref(self, aggregate_id: str, partition_key: str | None = None) -> StreamRef:
        """Names the aggregate's stream (``partition_key``: the debtor / customer id)."""
        ...

    async def load(self, ref: StreamRef) -> tuple[S, int]:
        """The aggregate's current state and version (0 and the initial state when new)."""
        ...

    async def execute(self, ref: StreamRef, decide: Decide[S], cause: Cause) -> Outcome[S]:
        """Decide on the current state at the clock's now and append what was decided."""
        ...

    async def execute_many(self, work: Sequence[Work[S]]) -> list[Outcome[S] | Exception]:
        """Several commands at one clock reading; each result is its command's outcome or
        error, in order (commands about one aggregate apply in order)."""
        ...

    async def history(self, ref: StreamRef) -> list[Event]:
        """Every stored event of the aggregate, oldest first."""
        ...

    async def verify(self, ref: StreamRef) -> VerifyReport:
        """Recompute the aggregate's hash chain from what is stored."""
        ...

    async def export(self, ref: StreamRef) -> list[dict[str, Any]]:
        """The aggregate's history as evidence: each event with its chain hashes."""
        ...


def seed_of(cause: Cause) -> str:
    """What the event ids of a decision derive from: its key, else its cause.

    Deciding again on the same input (a redelivery) therefore stamps the same ids; a
    decision with neither is a one-off and gets a random seed.
    """
    return cause.idempotency_key or str(cause.causation_id or uuid.uuid4())


def stamp(
    events: Sequence[Event], ref: StreamRef, version: int, seed: str, producer: str, cause: Cause
) -> list[Event]:
    """The decided events with their envelopes: ids derived from ``seed``, the aggregate id
    and each event's version (``version`` + 1, + 2, …), the cause's correlation and causation,
    and the producing service."""
    aggregate_id = ref.aggregate_id
    return [
        event.model_copy(
            update={
                "event_id": joined_id(f"{seed}/{aggregate_id}/{number}"),  # derived_id(seed, …)
                "aggregate_id": aggregate_id,
                "aggregate_version": number,
                "correlation_id": cause.correlation_id,
                "causation_id": cause.causation_id,
                "producer": producer,
            }
        )
        for number, event in enumerate(events, start=version + 1)
    ]


def fold(evolve: Callable[[S, Event], S], state: S, events: Sequence[Event]) -> S:
    for event in events:
        state = evolve(state, event)
    return state
