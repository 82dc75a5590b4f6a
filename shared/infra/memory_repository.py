"""The :class:`~shared.infra.repository.Repository` in memory, for unit tests of use cases.

It keeps the event store's promises that use cases rely on: versions in order, events
stamped exactly as ``RedisRepository`` stamps them (same derived ids), an idempotency key
applied once (a repeat is a duplicate with the version of its first application),
timers scheduled and cancelled with the events, a hash chain over the encoded events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic

from shared.contracts import Event, encode_event
from shared.infra.clock import Clock
from shared.infra.eventstore import GENESIS, StreamRef, VerifyReport, chain_hash
from shared.infra.repository import Cause, Decide, Outcome, S, Work, fold, seed_of, stamp
from shared.kernel.timer import Timer


@dataclass
class MemoryRepository(Generic[S]):
    """Aggregates of one type in memory: ``streams`` by aggregate id, ``timers`` by id."""

    aggregate_type: str
    initial: Callable[[str], S]
    evolve: Callable[[S, Event], S]
    clock: Clock
    producer: str = "test"
    streams: dict[str, list[Event]] = field(default_factory=dict)
    applied: dict[str, int] = field(default_factory=dict)
    timers: dict[str, Timer] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)

    def ref(self, aggregate_id: str, partition_key: str | None = None) -> StreamRef:
        return StreamRef(self.aggregate_type, aggregate_id, partition_key or aggregate_id)

    async def load(self, ref: StreamRef) -> tuple[S, int]:
        events = self.streams.get(ref.aggregate_id, [])
        return fold(self.evolve, self.initial(ref.aggregate_id), events), len(events)

    async def execute(self, ref: StreamRef, decide: Decide[S], cause: Cause) -> Outcome[S]:
        now, key = await self.clock.now(), cause.idempotency_key
        state, version = await self.load(ref)
        if key is not None and key in self.applied:
            return Outcome(state, [], self.applied[key], duplicate=True)
        decision = decide(state, now)
        if not decision.events and not key:
            return Outcome(state, [], version)
        events = stamp(decision.events, ref, version, seed_of(cause), self.producer, cause)
        self.streams.setdefault(ref.aggregate_id, []).extend(events)
        self.timers.update({timer.timer_id: timer for timer in decision.schedule})
        for timer_id in decision.cancel:
            self.timers.pop(timer_id, None)
            self.cancelled.append(timer_id)
        if key is not None:
            self.applied[key] = version + len(events)
        after = fold(self.evolve, state, events)
        if decision.state is not None and decision.state != after:
            raise AssertionError(f"{ref.aggregate_id}: the decided state is not its events' fold")
        return Outcome(after, events, version + len(events))

    async def execute_many(self, work: Sequence[Work[S]]) -> list[Outcome[S] | Exception]:
        results: list[Outcome[S] | Exception] = []
        for ref, decide, cause in work:
            try:
                results.append(await self.execute(ref, decide, cause))
            except Exception as exc:
                results.append(exc)
        return results

    async def history(self, ref: StreamRef) -> list[Event]:
        return list(self.streams.get(ref.aggregate_id, []))

    async def verify(self, ref: StreamRef) -> VerifyReport:
        return VerifyReport(True, len(self.streams.get(ref.aggregate_id, [])))

    async def export(self, ref: StreamRef) -> list[dict[str, Any]]:
        exported, prev = [], GENESIS
        for event in self.streams.get(ref.aggregate_id, []):
            digest = chain_hash(prev, encode_event(event))
            event_json = event.model_dump(mode="json")
            version = event.aggregate_version
            exported.append({"version": version, "event": event_json, "hash": digest, "prev": prev})
            prev = digest
        return exported

    def types(self, aggregate_id: str) -> list[str]:
        return [event.type for event in self.streams.get(aggregate_id, [])]
