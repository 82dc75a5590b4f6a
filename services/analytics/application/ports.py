"""What the analytics read side needs from the outside: a store for its facts and the
recorded streams to rebuild them from."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.facts import Fact
from shared.contracts import Event


class Checkpoint(BaseModel):
    """How far one partition's projection is: the facts it holds, the newest event folded,
    and — after a rebuild — the stream entry each followed stream was read through."""

    model_config = ConfigDict(frozen=True)

    partition: int
    facts: int
    last_event_id: str | None = None
    last_event_at: dt.datetime | None = None
    rebuilt_at: dt.datetime | None = None
    rebuilt_through: dict[str, str] = {}


class FactStore(Protocol):
    """The projection's durable half: facts by partition, written with the checkpoint."""

    async def save(self, subject: str, event: Event, facts: Sequence[Fact]) -> None:
        """Store ``facts`` (idempotent by fact id) and move the subject's partition's
        checkpoint to ``event``, in one transaction."""
        ...

    def load(self) -> AsyncIterator[list[Fact]]:
        """Every stored fact, in batches."""
        ...

    async def drop(self) -> None:
        """Forget every fact and checkpoint (before a rebuild)."""
        ...

    async def mark_rebuilt(self, at: dt.datetime, through: dict[str, str]) -> None: ...

    async def checkpoints(self) -> list[Checkpoint]: ...


class RecordedEvents(Protocol):
    """The followed outbound streams, read from their first entry (not as a consumer)."""

    def read(self) -> AsyncIterator[list[Event]]:
        """Every event recorded so far, in batches, each stream in order."""
        ...

    def read_through(self) -> dict[str, str]:
        """After ``read``: the last entry id read of each stream."""
        ...
