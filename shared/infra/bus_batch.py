"""Handling one batch of stream entries: lanes by key, claims kept fresh, retries, acks.

A batch comes from one XREADGROUP (new entries) or one XAUTOCLAIM (entries a crashed
consumer left). Unparseable entries are dead-lettered at once. The rest run in lanes:
entries of different keys concurrently, entries of one key in stream order. While the
batch runs, a keeper resets the idle time of the entries still waiting in it (only those
this consumer still owns), so no reclaimer elsewhere takes a live consumer's queue.

A route with a batch handler (``many``) takes its lanes in waves: the first entry of every
lane in one call, then the second of every lane still going, and so on — one key's
entries still in order, and never two of one key in one call. An entry the batch handler
reports failed leaves the wave: its lane goes on one entry at a time through the single
handler, with the retries below.

Batches of one consumer run at once (a read of a partition brings a batch per stream; a
reader's next read runs beside the one before; a reclaim runs beside the reads), but a
key is handled by one of them at a time: a wave or a lane's entry waits until no other
batch is handling any of its keys. A reader's batches take turns per key in read order
(``prepare`` with ``ordered``): a batch holding a key of the one before it on its stream
handles nothing until that one has ended, and nothing at all if that one left an entry
unfinished (lost, abandoned or cancelled); its entries are then taken over in stream
order behind the ones left before them. Entries that did not parse hold a key of their
own that every later batch waits for, so dead letters keep stream order too. Across streams
there is no order to keep (two services' facts about one debtor), but two decisions about
one aggregate at once would race for its version, and the loser would be retried alone.

A handler failure is retried in place: a transient one (``shared.transient``) with
capped exponential backoff and jitter for as long as it lasts, never counted; any other
one up to ``dead_letter_after`` runs, then the entry is dead-lettered with its error and
its lane goes on. Entries done or dead-lettered are acknowledged together, in one XACK.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, nullcontext, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import Any, Generic, TypeVar

import redis.asyncio as aioredis
import structlog

from shared.contracts import Event
from shared.infra.deadletter import write_dead_letter
from shared.infra.logging import LOG_CONTEXT
from shared.infra.metrics import (
    EVENTS_HANDLED,
    HANDLER_SECONDS,
    TRANSIENT_FAILURES,
    TRANSIENT_STUCK,
    TRANSIENT_WAITING,
)
from shared.infra.tracing import handled_together, handling, tracing_on
from shared.infra.transient import is_transient

U = TypeVar("U")
Entry = tuple[bytes, dict[bytes, bytes]]
Lane = list[tuple[bytes, bytes, Any]]  # (entry id, payload, parsed item) in stream order
Many = Callable[[list[U]], Awaitable[Sequence[BaseException | None]]]
"""A batch handler: items of distinct keys → per item None (done) or the error it met."""
log = structlog.get_logger("bus")
_KEEP_LUA = resources.files("shared.infra").joinpath("lua/claims_keep.lua").read_text()
_ACK_LUA = resources.files("shared.infra").joinpath("lua/claims_ack.lua").read_text()
ONE_LANE = "*"
UNPARSEABLE = object()
"""The key a reader's batch holds for its entries that did not parse (``prepare``)."""
_NO_SPAN = nullcontext()
CURRENT_ENTRY: ContextVar[str | None] = ContextVar("current_entry", default=None)
"""The stream entry id the running handler was called for (a handler may name it in
what it records, e.g. an ingest rejection)."""


class PayloadTooLarge(ValueError):
    """The entry is larger than ``max_payload_bytes``."""


@dataclass(frozen=True)
class Route(Generic[U]):
    """What a followed stream's entries become and who handles them."""

    stream: str
    handler: Callable[[U], Awaitable[None]]
    parse: Callable[[bytes], U]
    key: Callable[[U], str] | None = None
    many: Many[U] | None = None


@dataclass(frozen=True)
class Limits:
    """How a consumer retries, dead-letters and keeps its claims."""

    dead_letter_after: int = 5
    reclaim_idle_ms: int = 30_000
    max_payload_bytes: int = 64 * 1024
    poison_backoff_s: float = 0.1
    transient_backoff_s: float = 0.2
    transient_backoff_cap_s: float = 30.0
    transient_alert_after_s: float = 300.0
    # A wave of at least twice this many items is handled as two halves at once: while one
    # half waits on Redis the other decides in Python (items of a wave are distinct keys,
    # so the halves are as independent as two partitions' batches).
    wave_half_from: int = 50

    @property
    def keep_every_s(self) -> float:
        """Refresh claims well inside the reclaim window."""
        return max(self.reclaim_idle_ms / 4000, 0.005)


@dataclass
class BatchRunner:
    """Runs batches of one consumer; ``gate`` bounds its handlers in flight at once.

    ``holds(stream)`` says whether the consumer may still handle entries of ``stream``
    (its partition's lease, ``shared.infra.ownership``): once it may not, no handler
    starts there, the entries still waiting are abandoned (no longer kept fresh, never
    acknowledged) and the partition's new owner takes them over."""

    redis: aioredis.Redis
    service: str
    consumer: str
    limits: Limits
    gate: asyncio.Semaphore
    holds: Callable[[str], bool] = lambda stream: True
    in_flight: dict[str, set[bytes]] = field(default_factory=dict)
    abandoned: set[str] = field(default_factory=set)
    """Streams where entries were left unhandled because ``holds`` said no."""
    _keep: Any = field(init=False, repr=False)
    _ack_mine: Any = field(init=False, repr=False)
    _children: dict[tuple[Any, ...], Any] = field(init=False, repr=False, default_factory=dict)
    _turns: dict[str, dict[object, asyncio.Future[bool]]] = field(
        init=False, repr=False, default_factory=dict
    )
    """Per stream and key (``UNPARSEABLE`` among them), the turn of the last ordered batch
    (``prepare``) holding the key: it ends, saying whether that batch finished every entry,
    when the batch does."""
    _busy: dict[str, asyncio.Future[None]] = field(init=False, repr=False, default_factory=dict)
    """Keys being handled now, in any batch of this runner: a read of several streams
    runs a batch per stream at once, and a debtor named in two of them (a registration
    beside its first invoice) would otherwise be decided twice at once — correct, as
    appends are version-checked, but the loser of the race is retried alone."""

    def __post_init__(self) -> None:
        self._keep = self.redis.register_script(_KEEP_LUA)
        self._ack_mine = self.redis.register_script(_ACK_LUA)

    async def run_batch(
        self,
        route: Route[Any],
        entries: Sequence[Entry],
        deliveries: dict[bytes, int] | None = None,
        claimed_at: float | None = None,
    ) -> None:
        """Handle ``entries`` (one read or one reclaim) and acknowledge what is finished.

        ``claimed_at``: a monotonic time taken before the read or claim that delivered
        ``entries`` was sent. Their idle time was reset no earlier, so for half a reclaim
        window no other consumer can have taken them and no refresh is needed before the
        first is handled (the keeper refreshes them later as usual)."""
        await self.run_prepared(self.prepare(route, entries, deliveries, claimed_at))

    def prepare(
        self,
        route: Route[Any],
        entries: Sequence[Entry],
        deliveries: dict[bytes, int] | None = None,
        claimed_at: float | None = None,
        ordered: bool = False,
    ) -> Prepared:
        """``entries`` parsed into lanes, ready for :meth:`run_prepared` (``run_batch``'s
        arguments). Nothing here waits, so batches prepared one after the other take their
        turns in that order.

        ``ordered``: the batch follows the one prepared before it on its stream (a reader's
        next read, made while the batch before still runs). A key of both is handled
        here only once that batch has ended, and only if it finished every entry it had;
        otherwise this batch handles nothing and leaves its entries to be taken over, in
        stream order, behind the ones left before them. Entries that did not parse count as
        one key of their own (``UNPARSEABLE``) that every later batch waits for: dead
        letters are written in stream order, before anything read after them is handled."""
        mine = self.in_flight.setdefault(route.stream, set())
        entries = [(entry_id, fields) for entry_id, fields in entries if entry_id not in mine]
        batch = _Batch({entry_id for entry_id, _ in entries})
        if claimed_at is not None:
            batch.kept_at = claimed_at
        mine |= batch.waiting
        lanes, unparseable = self._lanes(route, entries)
        prepared = Prepared(route, batch, frozenset(batch.waiting), lanes, unparseable,
                            deliveries or {})  # fmt: skip
        prepared.held = (*lanes, UNPARSEABLE) if unparseable else tuple(lanes)
        if ordered and prepared.held:
            turns = self._turns.setdefault(route.stream, {})
            prepared.turn = asyncio.get_running_loop().create_future()
            prepared.after = {turns[key] for key in (*lanes, UNPARSEABLE) if key in turns}
            for key in prepared.held:
                turns[key] = prepared.turn
        return prepared

    async def run_prepared(self, prepared: Prepared) -> None:
        """Run a prepared batch (once the batches before it on its stream are done with its
        keys): dead-letter what did not parse, handle the lanes, acknowledge."""
        route, batch = prepared.route, prepared.batch
        if not prepared.ids:
            self.release(prepared)
            return
        keeper = asyncio.create_task(self._keep_claims(route.stream, batch))
        try:
            if not await self._turn_came(prepared):
                self._abandon(route.stream, batch, "the batch before it left entries of "
                              "its keys unfinished")  # fmt: skip
                return
            for entry_id, payload, error in prepared.unparseable:
                await self._dead_letter(route.stream, entry_id, payload, error,
                                        prepared.deliveries.get(entry_id, 1), batch)  # fmt: skip
            if route.many is not None and route.key is not None:
                await self._waves(route, route.many, prepared.lanes, batch)
            else:
                await asyncio.gather(*(self._lane(route, key, lane, batch)
                                       for key, lane in prepared.lanes.items()))  # fmt: skip
        finally:
            batch.closed = True  # ends the keeper even if a library swallows its cancel
            keeper.cancel()
            with suppress(asyncio.CancelledError):
                await keeper
            self.release(prepared)
        await self._retry_transient(lambda: self._ack(route.stream, batch))

    async def _turn_came(self, prepared: Prepared) -> bool:
        """Wait until the batches before this one with a key of it have ended; whether
        they finished every entry (else one of their keys has an entry left behind)."""
        if not prepared.after:
            return True
        await asyncio.wait(prepared.after)  # not gather: a cancel here must not cancel them
        return all(not turn.cancelled() and turn.result() for turn in prepared.after)

    def release(self, prepared: Prepared) -> None:
        """The batch's end (once, however it ended, even cancelled before it ran): its
        entries leave the in-flight set and its turn passes to the next batch, saying
        whether every entry was finished (handled or dead-lettered)."""
        if prepared.released:
            return
        prepared.released = True
        stream = prepared.route.stream
        self.in_flight.get(stream, set()).difference_update(prepared.ids)
        if prepared.turn is None:
            return
        turns = self._turns.get(stream, {})
        for key in prepared.held:
            if turns.get(key) is prepared.turn:
                del turns[key]
        if not prepared.turn.done():
            prepared.turn.set_result(prepared.ids <= set(prepared.batch.finished))

    async def _ack(self, stream: str, batch: _Batch) -> None:
        """Acknowledge what finished since the last ack, in one call; only entries still
        this consumer's (``lua/claims_ack.lua``): one taken over elsewhere is left alone."""
        done = batch.finished[batch.acked :]
        if done:
            await self._ack_mine(keys=[stream], args=[self.service, self.consumer, *done])
            batch.acked += len(done)

    def _lanes(
        self, route: Route[Any], entries: Sequence[Entry]
    ) -> tuple[dict[str, Lane], list[tuple[bytes, bytes, str]]]:
        """The entries by key, in stream order; and those that cannot be parsed (to be
        dead-lettered: no redelivery would parse them) with the error."""
        lanes: dict[str, Lane] = {}
        unparseable: list[tuple[bytes, bytes, str]] = []
        for entry_id, fields in entries:
            payload = fields.get(b"__data__")
            try:
                item = self._parse(payload, route.parse)
            except Exception as exc:  # deterministic: no redelivery would parse it
                unparseable.append((entry_id, payload or b"",
                                    f"unparseable: {type(exc).__name__}: {exc}"))  # fmt: skip
                continue
            lane = route.key(item) if route.key else ONE_LANE
            lanes.setdefault(lane, []).append((entry_id, payload or b"", item))
        return lanes, unparseable

    def _parse(self, payload: bytes | None, parse: Callable[[bytes], U]) -> U:
        if payload is None:
            raise ValueError(
                "the entry has no __data__ field (write: XADD <stream> * __data__ '<json>')"
            )
        if len(payload) > self.limits.max_payload_bytes:
            raise PayloadTooLarge(f"payload of {len(payload)} bytes exceeds the limit")
        return parse(payload)

    async def _lane(
        self, route: Route[Any], key: str, lane: list[tuple[bytes, bytes, Any]], batch: _Batch
    ) -> None:
        """One key's entries in order; an entry another consumer took is left to it."""
        for index, (entry_id, payload, item) in enumerate(lane):
            if entry_id in batch.lost:
                # Taken over by another consumer: the rest of this key follows it there
                # (left unrefreshed, they become reclaimable in order).
                batch.waiting -= {later for later, _, _ in lane[index:]}
                return
            # The key before the gate: a handler holding the gate never waits for a key.
            async with self._holding([key] if route.key else []), self.gate:
                if not await self._still_mine(route.stream, batch, [entry_id]):
                    batch.waiting -= {later for later, _, _ in lane[index:]}
                    return
                await self._until_done(route, entry_id, payload, item, batch)
            batch.waiting.discard(entry_id)

    @asynccontextmanager
    async def _holding(self, keys: Sequence[str]) -> AsyncIterator[None]:
        """Hold ``keys`` against every other batch of this runner: wait until none of them
        is being handled, then take them all at once (never some while waiting for the
        others, so two waiters cannot wait for each other)."""
        if not keys:  # a route without keys: nothing to hold
            yield
            return
        while busy := {self._busy[key] for key in keys if key in self._busy}:
            await asyncio.wait(busy)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        for key in keys:
            self._busy[key] = done
        try:
            yield
        finally:
            for key in keys:
                del self._busy[key]
            done.set_result(None)

    async def _waves(
        self, route: Route[Any], many: Many[Any], lanes: dict[str, Lane], batch: _Batch
    ) -> None:
        """The lanes' k-th entries together, k = 0, 1, …; a lane whose entry failed goes on
        alone (single handler, retries) while the others keep going in waves."""
        alone: list[asyncio.Task[None]] = []
        going, depth = list(lanes.items()), 0
        try:
            while going:
                wave: list[tuple[str, Lane]] = []
                # Ownership is checked once the keys are held: the wait may be long.
                async with self._holding([key for key, _ in going]):
                    mine = set(await self._still_mine(
                        route.stream, batch, [lane[depth][0] for _, lane in going]))  # fmt: skip
                    for key, lane in going:
                        if lane[depth][0] not in mine:  # taken over elsewhere: see ``_lane``
                            batch.waiting -= {later for later, _, _ in lane[depth:]}
                        else:
                            wave.append((key, lane))
                    errors = await self._handle_many(
                        route, many, [lane[depth][2] for _, lane in wave])  # fmt: skip
                going = []
                for (key, lane), error in zip(wave, errors, strict=True):
                    entry_id = lane[depth][0]
                    if error is None:
                        batch.finished.append(entry_id)
                        batch.waiting.discard(entry_id)
                        if depth + 1 < len(lane):
                            going.append((key, lane))
                    else:
                        log.info("batch_entry_retried_alone", error=type(error).__name__,
                                 entry_id=entry_id.decode())  # fmt: skip
                        alone.append(asyncio.create_task(
                            self._lane(route, key, lane[depth:], batch)))  # fmt: skip
                depth += 1
        finally:
            await asyncio.gather(*alone)

    async def _handle_many(
        self, route: Route[Any], many: Many[Any], items: list[Any]
    ) -> Sequence[BaseException | None]:
        """The wave's items, in two halves at once when there are enough of them."""
        if len(items) < 2 * self.limits.wave_half_from:
            return await self._handle_part(route, many, items)
        half = len(items) // 2
        first, second = await asyncio.gather(
            self._handle_part(route, many, items[:half]),
            self._handle_part(route, many, items[half:]),
        )
        return [*first, *second]

    async def _handle_part(
        self, route: Route[Any], many: Many[Any], items: list[Any]
    ) -> Sequence[BaseException | None]:
        """One call of the batch handler; a failure of the whole call fails every item."""
        if not items:
            return []
        async with self.gate:
            started, started_ns = time.perf_counter(), time.time_ns()
            token = LOG_CONTEXT.set(partial(dict, stream=route.stream))
            try:
                errors = await many(items)
            except Exception as exc:
                return [exc] * len(items)
            finally:
                LOG_CONTEXT.reset(token)
            each = (time.perf_counter() - started) / len(items)
        if len(errors) == len(items) and tracing_on():
            contexts = [_context(item) for item in items]
            handled_together(route.stream, items, contexts, errors, started_ns, time.time_ns())
        if len(errors) != len(items):
            raise RuntimeError(f"{route.stream}: the batch handler answered {len(errors)} "
                               f"results for {len(items)} items")  # fmt: skip
        done: dict[str, int] = {}  # kind → items handled: counted once per kind
        for item, error in zip(items, errors, strict=True):
            kind = _kind(item)
            if error is None:
                done[kind] = done.get(kind, 0) + 1
            else:
                self._handled(kind, "error").inc()
        for kind, count in done.items():
            self._handled(kind, "ok").inc(count)
            observe = self._seconds(kind).observe  # a handling time per entry handled
            for _ in range(count):
                observe(each)
        return errors

    def _handled(self, kind: str, outcome: str) -> Any:
        return self._child(EVENTS_HANDLED, kind, outcome)

    def _seconds(self, kind: str) -> Any:
        return self._child(HANDLER_SECONDS, kind)

    def _child(self, metric: Any, *labels: str) -> Any:
        """``metric``'s child for this service and ``labels``, looked up once (``labels()``
        takes a lock and builds a key on every call)."""
        key = (metric, *labels)
        if (child := self._children.get(key)) is None:
            child = self._children[key] = metric.labels(self.service, *labels)
        return child

    async def _until_done(
        self, route: Route[Any], entry_id: bytes, payload: bytes, item: Any, batch: _Batch
    ) -> None:
        """Run the handler until it succeeds or the entry is dead-lettered."""
        failures, wait = 0, _Wait(self.service, self.limits.transient_alert_after_s)
        try:
            while True:
                try:
                    token = CURRENT_ENTRY.set(entry_id.decode())
                    try:
                        await self._handle(route, item)
                    finally:
                        CURRENT_ENTRY.reset(token)
                except Exception as exc:
                    self._handled(_kind(item), "error").inc()
                    if is_transient(exc):
                        await self._wait_transient(exc, wait)
                        continue
                    failures += 1
                    if failures >= self.limits.dead_letter_after:
                        error = f"{type(exc).__name__}: {exc}"
                        await self._dead_letter(
                            route.stream, entry_id, payload, error, failures, batch
                        )
                        return
                    log.warning("handler_failed", error=type(exc).__name__, attempt=failures,
                                entry_id=entry_id.decode())  # fmt: skip
                    await asyncio.sleep(self.limits.poison_backoff_s * 2 ** (failures - 1))
                    continue
                batch.finished.append(entry_id)
                return
        finally:
            wait.end()

    async def _handle(self, route: Route[Any], item: Any) -> None:
        """Run the handler on ``item``; its log lines carry the entry's fields (worked out
        only if it logs), and it runs in a span when tracing is on."""
        kind = _kind(item)
        token = LOG_CONTEXT.set(partial(_log_fields, route.stream, item))
        try:
            with handling(route.stream, item, _context(item)) if tracing_on() else _NO_SPAN:
                started = time.perf_counter()
                await route.handler(item)
                self._seconds(kind).observe(time.perf_counter() - started)
                self._handled(kind, "ok").inc()
        finally:
            LOG_CONTEXT.reset(token)

    async def _wait_transient(self, exc: Exception, wait: _Wait) -> None:
        TRANSIENT_FAILURES.labels(self.service, type(exc).__name__).inc()
        waited = wait.tick()
        log.warning("waiting_on_transient_failure", error=type(exc).__name__,
                    waited_s=round(waited, 1))  # fmt: skip
        await asyncio.sleep(self._transient_delay(waited))

    def _transient_delay(self, waited: float) -> float:
        """Capped exponential backoff with full jitter, growing with the time waited."""
        limits = self.limits
        ceiling = min(limits.transient_backoff_cap_s, limits.transient_backoff_s * 2 + waited)
        return random.uniform(limits.transient_backoff_s, max(ceiling, limits.transient_backoff_s))

    async def _retry_transient(self, call: Callable[[], Awaitable[Any]]) -> Any:
        """A bookkeeping write (ack, dead letter) that must happen: retried while transient."""
        wait = _Wait(self.service, self.limits.transient_alert_after_s)
        try:
            while True:
                try:
                    return await call()
                except Exception as exc:
                    if not is_transient(exc):
                        raise
                    await self._wait_transient(exc, wait)
        finally:
            wait.end()

    async def _dead_letter(
        self, stream: str, entry_id: bytes, payload: bytes, error: str, deliveries: int,
        batch: _Batch,
    ) -> None:  # fmt: skip
        await self._retry_transient(lambda: write_dead_letter(
            self.redis, self.service, stream, entry_id, payload, error, deliveries))  # fmt: skip
        batch.finished.append(entry_id)
        batch.waiting.discard(entry_id)
        log.error("dead_lettered", stream=stream, error=error[:300], deliveries=deliveries)

    async def _refresh(self, stream: str, batch: _Batch) -> None:
        """Reset the idle time of the entries still waiting (those this consumer still owns);
        note the ones another consumer took meanwhile as lost."""
        started = time.monotonic()
        if not self.holds(stream):  # the partition moved: leave the rest to its new owner
            self._abandon(stream, batch)
        waiting = sorted(batch.waiting - batch.lost)
        if waiting:
            kept = await self._keep(keys=[stream], args=[self.service, self.consumer, *waiting])
            batch.lost |= set(waiting) - {bytes(k) for k in kept}
        batch.kept_at = started

    async def _still_mine(self, stream: str, batch: _Batch, ids: list[bytes]) -> list[bytes]:
        """Of ``ids``, about to be handled, those this consumer still owns. Claims refreshed
        less than half a reclaim window ago cannot have been taken; older ones (the keeper
        was late: a starved process) are refreshed and checked first, so an entry another
        consumer reclaimed meanwhile is left to it instead of being handled twice. None
        once the consumer may no longer handle the stream (its partition moved)."""
        if not self.holds(stream):
            self._abandon(stream, batch)
            return []
        if self._stale(batch):
            async with batch.refreshing:  # lanes starting together share one refresh
                if self._stale(batch):
                    await self._retry_transient(lambda: self._refresh(stream, batch))
        return [entry_id for entry_id in ids if entry_id not in batch.lost]

    def _abandon(
        self, stream: str, batch: _Batch,
        why: str = "the partition's lease is not fresh (a late heartbeat) or moved",
    ) -> None:  # fmt: skip
        """Leave the batch's waiting entries to whoever holds the partition's lease next
        (this process again, once its lease is fresh: it takes them over before reading
        on). Said once per stream until they are taken over."""
        left = batch.waiting - batch.lost
        if stream not in self.abandoned and left:
            log.info("entries_left_to_take_over", stream=stream, entries=len(left), why=why)
        self.abandoned.add(stream)
        batch.lost |= batch.waiting

    def _stale(self, batch: _Batch) -> bool:
        return time.monotonic() - batch.kept_at >= self.limits.reclaim_idle_ms / 2000

    async def _keep_claims(self, stream: str, batch: _Batch) -> None:
        """Every ``keep_every_s``: acknowledge the entries finished so far, and reset the
        idle time of those still waiting (a finished entry is acked before it can idle)."""
        while not batch.closed:
            await asyncio.sleep(self.limits.keep_every_s)
            if batch.closed:
                return
            try:
                await self._ack(stream, batch)
                await self._refresh(stream, batch)
            except Exception as exc:  # Redis away: the next round tries again
                log.warning("claims_not_refreshed", error=type(exc).__name__)


@dataclass
class _Wait:
    """One entry waiting on a transient failure, counted in the gauges while it waits."""

    service: str
    alert_after_s: float
    since: float | None = None
    stuck: bool = False

    def tick(self) -> float:
        """Note another failed try; the seconds waited so far."""
        now = time.monotonic()
        if self.since is None:
            self.since = now
            TRANSIENT_WAITING.labels(self.service).inc()
        waited = now - self.since
        if waited >= self.alert_after_s and not self.stuck:
            self.stuck = True
            TRANSIENT_STUCK.labels(self.service).inc()
            log.error("entry_stuck_on_transient_failure", waited_s=round(waited, 1))
        return waited

    def end(self) -> None:
        if self.since is not None:
            TRANSIENT_WAITING.labels(self.service).dec()
        if self.stuck:
            TRANSIENT_STUCK.labels(self.service).dec()
        self.since, self.stuck = None, False


@dataclass(eq=False)
class Prepared:
    """A batch parsed into lanes (``BatchRunner.prepare``), to be run once."""

    route: Route[Any]
    batch: _Batch
    ids: frozenset[bytes]
    lanes: dict[str, Lane]
    unparseable: list[tuple[bytes, bytes, str]]  # entry id, payload, error
    deliveries: dict[bytes, int]
    turn: asyncio.Future[bool] | None = None  # its turn, passed on when it ends (ordered)
    after: set[asyncio.Future[bool]] = field(default_factory=set)  # the turns it waits for
    held: tuple[object, ...] = ()  # its keys, ``UNPARSEABLE`` if an entry did not parse
    released: bool = False


@dataclass
class _Batch:
    waiting: set[bytes]
    finished: list[bytes] = field(default_factory=list)
    acked: int = 0  # finished[:acked] are acknowledged
    closed: bool = False
    lost: set[bytes] = field(default_factory=set)
    kept_at: float = float("-inf")  # monotonic time of the last refresh of the claims
    refreshing: asyncio.Lock = field(default_factory=asyncio.Lock)


def _kind(item: Any) -> str:
    return str(item.type) if isinstance(item, Event) else type(item).__name__


def _log_fields(stream: str, item: Any) -> dict[str, Any]:
    return {**_context(item), "stream": stream}


def _context(item: Any) -> dict[str, Any]:
    if isinstance(item, Event):
        return {
            "event_id": str(item.event_id),
            "correlation_id": str(item.correlation_id),
            "event_type": item.type,
        }
    return {"event_type": type(item).__name__}
