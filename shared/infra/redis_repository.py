"""The :class:`~shared.infra.repository.Repository` on the Redis event store, with snapshots
and a cache of the states this process appended most recently."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic

from shared.contracts import Event
from shared.infra import keys, redis_types
from shared.infra.clock import Clock
from shared.infra.eventstore import (
    GENESIS,
    AppendRequest,
    ConcurrencyConflict,
    EventStore,
    StreamRef,
    VerifyReport,
)
from shared.infra.redis_types import version_of
from shared.infra.repository import Cause, Decide, Outcome, S, fold, seed_of, stamp


@dataclass
class RedisRepository(Generic[S]):
    """Loads and changes aggregates of one type in ``store``, with optional snapshots."""

    store: EventStore
    aggregate_type: str
    initial: Callable[[str], S]
    evolve: Callable[[S, Event], S]
    state_model: type[S]
    clock: Clock
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

    @property
    def producer(self) -> str:
        return self.store.service

    def ref(self, aggregate_id: str, partition_key: str | None = None) -> StreamRef:
        return StreamRef(self.aggregate_type, aggregate_id, partition_key or aggregate_id)

    def _snapshot_key(self, ref: StreamRef) -> str:
        return keys.snapshot(self.store.partition(ref), ref.aggregate_type, ref.aggregate_id)

    async def load(self, ref: StreamRef) -> tuple[S, int]:
        state, version, _ = await self.current(ref)
        return state, version

    async def current(self, ref: StreamRef) -> tuple[S, int, str]:
        """Current state, version and last hash, from the cache or a snapshot when one fits."""
        cached = self._cache.get(ref.aggregate_id)
        if cached is not None:
            state, version, last_hash = cached
            loaded = await self.store.load(ref, after_version=version, known_hash=last_hash)
            return fold(self.evolve, state, loaded.events), loaded.version, loaded.last_hash
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
        state = fold(self.evolve, state, loaded.events)
        if loaded.events:
            version, last_hash = loaded.version, loaded.last_hash
        return state, version, last_hash

    async def execute(self, ref: StreamRef, decide: Decide[S], cause: Cause) -> Outcome[S]:
        """Decide on the current state and append; on a conflict reload and decide again."""
        now, seed, key = await self.clock.now(), seed_of(cause), cause.idempotency_key
        for _ in range(self.max_retries):
            state, version, last_hash = await self.current(ref)
            decision = decide(state, now)
            if not decision.events and not key:
                return Outcome(state, [], version)
            events = stamp(decision.events, ref, version, seed, self.producer, cause)
            request = AppendRequest(
                ref, version, events, last_hash, key, decision.schedule, decision.cancel
            )
            try:
                result = await self.store.append(request)
            except ConcurrencyConflict:
                self._cache.pop(ref.aggregate_id, None)
                continue
            if result.duplicate:
                self._cache.pop(ref.aggregate_id, None)
                return Outcome(state, [], result.version, duplicate=True)
            state = fold(self.evolve, state, events)
            self._remember(ref, state, result.version, result.last_hash)
            await self._maybe_snapshot(ref, state, version, result.version)
            return Outcome(state, events, result.version)
        raise ConcurrencyConflict(self.store.stream_key(ref), -1, -1)

    async def history(self, ref: StreamRef) -> list[Event]:
        return (await self.store.load(ref)).events

    async def verify(self, ref: StreamRef) -> VerifyReport:
        return await self.store.verify(ref)

    async def export(self, ref: StreamRef) -> list[dict[str, Any]]:
        return await self.store.export(ref)

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
