"""The :class:`~shared.infra.repository.Repository` on the Redis event store, with snapshots
and a cache of the states this process appended most recently.

``execute_many`` runs a batch of commands about different aggregates: one clock read, the
aggregates loaded in one pipeline (snapshot and tail together), the decisions made in
Python, the appends sent as one pipeline of script calls — each still atomic and
version-checked; an aggregate whose append meets a conflict is reloaded and decided
again on its own. An aggregate whose state this process cached is decided on that state
without a read: the append's version check is what proves it current (another replica
appended meanwhile: the conflict reloads it), and a decision on it that appends nothing
or fails is taken again on the loaded state, so none stands on an unchecked state. The
snapshot (every ``snapshot_every`` events, and with ``snapshot_first`` by an aggregate's
first append too) and the row of the read model ``project`` names are written by the
append itself. A snapshot is read only by a state model of the same shape at every depth
(``snapshot_schema``); any other is ignored and the stream folded from its start.
``execute`` calls made at the same time by concurrent handlers are coalesced into such
batches.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, cast, get_args

from pydantic import BaseModel

from shared.contracts import Event
from shared.infra.clock import Clock
from shared.infra.coalesce import Coalesced
from shared.infra.eventstore import (
    AppendRequest,
    AppendResult,
    ConcurrencyConflict,
    EventStore,
    LoadRequest,
    ProjectionWrite,
    SnapshotWrite,
    StreamRef,
    Tail,
    VerifyReport,
)
from shared.infra.repository import Cause, Decide, Outcome, S, Work, fold, seed_of, stamp
from shared.kernel.copying import validator_of

Current = tuple[S, int, str]  # state, version, last hash
Project = Callable[[Any, int, datetime, int], ProjectionWrite]
"""A read model's row for (state, version, now, partition), written by the append itself."""


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
    # The aggregate's first append writes a snapshot too: where a new state and the fold of
    # a first event cost more than parsing the state, so a cold load of an aggregate with
    # one event (a customer account just opened) reads the snapshot instead.
    snapshot_first: bool = False
    max_retries: int = 20
    # States this process appended most recently, so a busy aggregate is not replayed on
    # every command: a batch decides on a cached state without reading (a read of one
    # state reads only the events after it). A stale entry (another replica appended) is
    # caught by the version check of the next append and dropped.
    cache_size: int = 4096
    project: Project | None = None
    # Concurrent ``execute`` calls are sent together, up to this many per pipeline.
    coalesce: bool = True
    coalesce_max: int = 200
    _together: Coalesced[Work[S], Outcome[S]] = field(init=False, repr=False)
    _schema: str = field(init=False, default="")
    _cache: OrderedDict[str, tuple[S, int, str]] = field(init=False, default_factory=OrderedDict)

    def __post_init__(self) -> None:
        self._schema = snapshot_schema(self.state_model)
        self._together = Coalesced(self.execute_many, self.coalesce_max)

    @property
    def producer(self) -> str:
        return self.store.service

    def ref(self, aggregate_id: str, partition_key: str | None = None) -> StreamRef:
        return StreamRef(self.aggregate_type, aggregate_id, partition_key or aggregate_id)

    async def load(self, ref: StreamRef) -> tuple[S, int]:
        state, version, _ = await self.current(ref)
        return state, version

    async def current(self, ref: StreamRef) -> tuple[S, int, str]:
        """Current state, version and last hash, from the cache or a snapshot when one fits."""
        loaded = (await self._current_many([ref]))[0]
        if isinstance(loaded, Exception):
            raise loaded
        return loaded

    async def _current_many(self, refs: Sequence[StreamRef]) -> list[Current[S] | Exception]:
        """Each aggregate's current state: cached ones read only their newer events; the
        others start from their snapshot when one of this state's schema is stored."""
        if not refs:
            return []
        reqs, bases = [], []
        for ref in refs:
            cached = self._cache.get(ref.aggregate_id)
            bases.append(None if cached is None else cached[0])
            if cached is None:
                reqs.append(LoadRequest(ref, snapshot_schema=self._schema))
            else:
                reqs.append(LoadRequest(ref, after_version=cached[1], known_hash=cached[2]))
        tails = await self.store.load_many(reqs)
        out: list[Current[S] | Exception] = []
        for ref, base, tail in zip(refs, bases, tails, strict=True):
            try:
                if isinstance(tail, Exception):
                    raise tail
                out.append(self._fold_tail(ref, base, tail))
            except Exception as exc:
                out.append(exc)
        return out

    def _fold_tail(self, ref: StreamRef, base: S | None, tail: Tail) -> tuple[S, int, str]:
        """The state ``tail`` leads to from its snapshot, the cached ``base`` or the start."""
        if tail.snapshot is not None:
            state = validator_of(self.state_model).validate_json(tail.snapshot)
        elif base is not None:
            state = base
        else:
            state = self.initial(ref.aggregate_id)
        loaded = tail.loaded
        return fold(self.evolve, state, loaded.events), loaded.version, loaded.last_hash

    async def execute(self, ref: StreamRef, decide: Decide[S], cause: Cause) -> Outcome[S]:
        """Decide on the current state and append; on a conflict reload and decide again.

        Commands that arrive while others are on their way (concurrent handlers, API
        requests) travel together: they join one ``execute_many`` (one load pipeline, one
        append pipeline), each still atomic and version-checked on its own."""
        if not self.coalesce:
            return await self._execute_alone(ref, decide, cause)
        return await self._together((ref, decide, cause))

    async def _execute_alone(self, ref: StreamRef, decide: Decide[S], cause: Cause) -> Outcome[S]:
        now = await self.clock.now()
        for _ in range(self.max_retries):
            state, version, last_hash = await self.current(ref)
            planned = self._plan(ref, decide, cause, now, state, version, last_hash)
            if isinstance(planned, Outcome):
                return planned
            try:
                result = await self.store.append(planned.request)
            except ConcurrencyConflict:
                self._cache.pop(ref.aggregate_id, None)
                continue
            return self._settle(planned, result)
        raise ConcurrencyConflict(self.store.stream_key(ref), -1, -1)

    async def execute_many(self, work: Sequence[Work[S]]) -> list[Outcome[S] | Exception]:
        """Commands about several aggregates at one clock reading: one pipelined load (of
        the aggregates not cached), one pipeline of appends (each atomic and version-checked).
        A conflicting aggregate is reloaded and decided again alone; a second command about
        an aggregate already in the batch runs after it. Each result is the outcome or the
        error of its command."""
        now = await self.clock.now()
        results: list[Outcome[S] | Exception | None] = [None] * len(work)
        first: list[int] = []
        seen: set[str] = set()
        for index, (ref, _, _) in enumerate(work):
            if ref.aggregate_id not in seen:
                seen.add(ref.aggregate_id)
                first.append(index)
        plans = self._plan_all(work, first, await self._states(work, first), now, results)
        replies = await self.store.append_many([plan.request for _, plan in plans])
        for (index, plan), reply in zip(plans, replies, strict=True):
            if isinstance(reply, ConcurrencyConflict):
                self._cache.pop(plan.ref.aggregate_id, None)
                results[index] = await self._alone(work[index])
            elif isinstance(reply, Exception):
                results[index] = reply
            else:
                results[index] = self._settle(plan, reply)
        for index, result in enumerate(results):
            if result is None:  # a later command about an aggregate of this batch, or one
                results[index] = await self._alone(work[index])  # to decide on loaded state
        return [r for r in results if r is not None]

    async def _states(
        self, work: Sequence[Work[S]], first: list[int]
    ) -> dict[int, tuple[Current[S] | Exception, bool]]:
        """The state each command of ``first`` is decided on, and whether it is cached
        (not read: only the append's version check proves it current)."""
        states: dict[int, tuple[Current[S] | Exception, bool]] = {}
        for index in first:
            if (cached := self._cache.get(work[index][0].aggregate_id)) is not None:
                states[index] = (cached, True)
        loading = [index for index in first if index not in states]
        loaded = await self._current_many([work[index][0] for index in loading])
        for index, current in zip(loading, loaded, strict=True):
            states[index] = (current, False)
        return states

    def _plan_all(
        self, work: Sequence[Work[S]], first: list[int],
        states: dict[int, tuple[Current[S] | Exception, bool]], now: datetime,
        results: list[Outcome[S] | Exception | None],
    ) -> list[tuple[int, _Plan[S]]]:  # fmt: skip
        """Decide each command of ``first``: the appends to make; what needs none goes to
        ``results``. A decision on a cached state that appends nothing or fails is not
        taken (no version check would prove that state current): its result stays None,
        to be decided again on the loaded state."""
        plans: list[tuple[int, _Plan[S]]] = []
        for index in first:
            ref, decide, cause = work[index]
            current, cached = states[index]
            if isinstance(current, Exception):
                results[index] = current
                continue
            try:
                planned = self._plan(ref, decide, cause, now, *current)
            except Exception as exc:
                if not cached:
                    results[index] = exc
                continue
            if not isinstance(planned, Outcome):
                plans.append((index, planned))
            elif not cached:
                results[index] = planned
        return plans

    async def _alone(self, work: Work[S]) -> Outcome[S] | Exception:
        try:
            return await self._execute_alone(*work)
        except Exception as exc:
            return exc

    def _plan(
        self, ref: StreamRef, decide: Decide[S], cause: Cause, now: datetime,
        state: S, version: int, last_hash: str,
    ) -> Outcome[S] | _Plan[S]:  # fmt: skip
        """What to append for this decision, or the outcome when there is nothing to."""
        key = cause.idempotency_key
        decision = decide(state, now)
        if not decision.events and not key:
            return Outcome(state, [], version)
        events = stamp(decision.events, ref, version, seed_of(cause), self.producer, cause)
        decided = cast("S | None", decision.state)
        after = decided if decided is not None else fold(self.evolve, state, events)
        new_version = version + len(events)
        every = self.snapshot_every
        snapshot = None
        if events and (
            (every and version // every != new_version // every)
            or (version == 0 and self.snapshot_first)
        ):
            snapshot = SnapshotWrite(after.model_dump_json(), self._schema)
        projection = None
        if self.project is not None and events:
            projection = self.project(after, new_version, now, self.store.partition(ref))
        request = AppendRequest(
            ref, version, events, last_hash, key, decision.schedule, decision.cancel,
            snapshot=snapshot, projection=projection,
        )  # fmt: skip
        return _Plan(ref, state, after, events, request)

    def _settle(self, plan: _Plan[S], result: AppendResult) -> Outcome[S]:
        ref = plan.ref
        if result.duplicate:
            self._cache.pop(ref.aggregate_id, None)
            return Outcome(plan.before, [], result.version, duplicate=True)
        self._remember(ref, plan.after, result.version, result.last_hash)
        return Outcome(plan.after, plan.events, result.version)

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


def snapshot_schema(model: type[BaseModel]) -> str:
    """What a snapshot of ``model`` is stored under and read back by: a digest of every
    field's name and type, at every depth (the models its fields hold, theirs, and so on).
    A field added, removed or retyped in a nested model changes it as much as one of the
    state's own, so a snapshot written before is not read: it might lack what the new
    field derives from the history. The same in every process (no memory addresses)."""
    shapes: dict[str, str] = {}

    def walk(cls: type[BaseModel]) -> None:
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name in shapes:
            return
        shapes[name] = ""  # being walked: a model that holds itself ends here
        fields = sorted(cls.model_fields.items())
        shapes[name] = ",".join(f"{field}:{_type_text(info.annotation)}" for field, info in fields)
        for _, info in fields:
            for held in _models_in(info.annotation):
                walk(held)

    walk(model)
    text = ";".join(f"{name}={shape}" for name, shape in sorted(shapes.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _type_text(annotation: Any) -> str:
    """The annotation's repr without memory addresses (a validator function's, say)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(annotation))


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """The models an annotation names, at any depth of its arguments."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models_in(argument)


@dataclass(slots=True)  # a carrier, made per command and only read (see eventstore)
class _Plan(Generic[S]):
    """A decided change, ready to append."""

    ref: StreamRef
    before: S
    after: S
    events: list[Event]
    request: AppendRequest
