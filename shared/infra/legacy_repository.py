"""TEMPORARY: the closure-style repository, while services move to shared.infra.repository.

Services give a ``decide`` function (pure: state, stamp → Decision) and an ``evolve``
function (pure: state, event → state). This module owns the I/O around them, once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from shared.contracts import Event
from shared.infra import keys, redis_types
from shared.infra.eventstore import (
    GENESIS,
    AppendRequest,
    ConcurrencyConflict,
    EventStore,
    StreamRef,
)
from shared.infra.redis_types import version_of
from shared.kernel.decision import Decision
from shared.kernel.ids import derived_id

S = TypeVar("S", bound=BaseModel)
E = TypeVar("E", bound=Event)


class Stamp:
    """Fills in the envelope of the events one decision produces.

    Ids derive from the decision's seed and the version, so deciding again on the same
    input (a redelivery) gives the same ids. Time comes from ``now``, never a clock read.
    """

    def __init__(
        self,
        *,
        aggregate_id: str,
        version: int,
        now: datetime,
        producer: str,
        correlation_id: uuid.UUID,
        causation_id: uuid.UUID | None,
        seed: str,
    ) -> None:
        self.aggregate_id, self.version, self.now = aggregate_id, version, now
        self.producer, self.seed = producer, seed
        self.correlation_id, self.causation_id = correlation_id, causation_id
        self._next = version + 1

    def make(self, cls: type[E], **fields: Any) -> E:
        version = self._next
        self._next += 1
        return cls(
            event_id=derived_id(self.seed, self.aggregate_id, version),
            occurred_at=self.now,
            aggregate_id=self.aggregate_id,
            aggregate_version=version,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            producer=self.producer,
            **fields,
        )


@dataclass(frozen=True)
class Outcome(Generic[S]):
    state: S
    events: Sequence[Event]
    version: int
    duplicate: bool = False


@dataclass
class Repository(Generic[S]):
    """Loads and changes aggregates of one type, with optional snapshots."""

    store: EventStore
    aggregate_type: str
    initial: Callable[[str], S]
    evolve: Callable[[S, Event], S]
    state_model: type[S]
    snapshot_every: int = 0
    max_retries: int = 20
    # States this process appended most recently, so a busy aggregate is not replayed on
    # every command; only events after the cached version are read. A stale entry (another
    # replica appended) is caught by the version check of the next append and dropped.
    cache_size: int = 4096
    _schema: str = field(init=False, default="")
    _cache: OrderedDict[str, tuple[S, int, str]] = field(init=False, default_factory=OrderedDict)

    def __post_init__(self) -> None:
        fields = ",".join(sorted(self.state_model.model_fields))
        self._schema = hashlib.sha256(fields.encode()).hexdigest()[:16]

    def ref(self, aggregate_id: str, partition_key: str | None = None) -> StreamRef:
        return StreamRef(self.aggregate_type, aggregate_id, partition_key or aggregate_id)

    def _snapshot_key(self, ref: StreamRef) -> str:
        return keys.snapshot(self.store.partition(ref), ref.aggregate_type, ref.aggregate_id)

    async def load(self, ref: StreamRef) -> tuple[S, int, str]:
        """Current state, version and last hash, from the cache or a snapshot when one fits."""
        cached = self._cache.get(ref.aggregate_id)
        if cached is not None:
            state, version, last_hash = cached
            loaded = await self.store.load(ref, after_version=version, known_hash=last_hash)
            for evt in loaded.events:
                state = self.evolve(state, evt)
            return state, loaded.version, loaded.last_hash
        state, version, last_hash = self.initial(ref.aggregate_id), 0, GENESIS
        snap = (
            await redis_types.hgetall(self.store.redis, self._snapshot_key(ref))
            if self.snapshot_every
            else {}
        )
        if snap and snap.get(b"schema", b"").decode() == self._schema:
            state = self.state_model.model_validate_json(snap[b"state"])
            version, last_hash = int(snap[b"version"]), snap[b"hash"].decode()
        loaded = await self.store.load(ref, after_version=version)
        for evt in loaded.events:
            state = self.evolve(state, evt)
        if loaded.events:
            version, last_hash = loaded.version, loaded.last_hash
        return state, version, last_hash

    async def execute(
        self,
        ref: StreamRef,
        decide: Callable[[S, Stamp], Decision],
        *,
        now: datetime,
        producer: str,
        correlation_id: uuid.UUID,
        causation_id: uuid.UUID | None = None,
        idempotency_key: str | None = None,
    ) -> Outcome[S]:
        """Decide on the current state and append; on a conflict reload and decide again."""
        seed = idempotency_key or str(causation_id or uuid.uuid4())
        for _ in range(self.max_retries):
            state, version, last_hash = await self.load(ref)
            stamp = Stamp(
                aggregate_id=ref.aggregate_id,
                version=version,
                now=now,
                producer=producer,
                correlation_id=correlation_id,
                causation_id=causation_id,
                seed=seed,
            )
            decision = decide(state, stamp)
            if not decision.events and not idempotency_key:
                return Outcome(state, [], version)
            try:
                result = await self.store.append(
                    AppendRequest(
                        ref,
                        version,
                        decision.events,
                        last_hash,
                        idempotency_key,
                        decision.schedule,
                        decision.cancel,
                    )
                )
            except ConcurrencyConflict:
                self._cache.pop(ref.aggregate_id, None)
                continue
            if result.duplicate:
                self._cache.pop(ref.aggregate_id, None)
                return Outcome(state, [], result.version, duplicate=True)
            for evt in decision.events:
                state = self.evolve(state, evt)
            self._remember(ref, state, result.version, result.last_hash)
            await self._maybe_snapshot(ref, state, version, result.version)
            return Outcome(state, decision.events, result.version)
        raise ConcurrencyConflict(self.store.stream_key(ref), -1, -1)

    def _remember(self, ref: StreamRef, state: S, version: int, last_hash: str) -> None:
        if self.cache_size <= 0:
            return
        self._cache[ref.aggregate_id] = (state, version, last_hash)
        self._cache.move_to_end(ref.aggregate_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def _maybe_snapshot(self, ref: StreamRef, state: S, old: int, new: int) -> None:
        every = self.snapshot_every
        if not every or old // every == new // every:
            return
        last = await redis_types.xrevrange_last(self.store.redis, self.store.stream_key(ref))
        if last is None or version_of(last[0]) != new:
            return  # someone appended meanwhile; the next writer snapshots
        last_hash = last[1][b"hash"].decode()
        await self.store.redis.hset(
            self._snapshot_key(ref),
            mapping={
                "version": new,
                "hash": last_hash,
                "state": state.model_dump_json(),
                "schema": self._schema,
            },
        )
