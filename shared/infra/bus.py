"""Consuming Redis Streams: groups, partition ownership, batches, reclaim, ack-after-effect.

For every stream a service follows, ``Consumer.follow`` registers a route; the consumer
reads with ``XREADGROUP … >`` (up to ``batch_size`` entries, blocking ``poll_interval_ms``)
in the service's consumer group. A partition's streams carry one hash tag (``{p07}``), so
one read names all the followed streams of one partition (one slot on a Redis Cluster);
a stream without a partition tag (an ingest stream) is read on its own. While a read's
batches run, the next reads are made and their batches start beside them (``READS``
reads at most), so Python decides one batch while Redis runs the others' appends; one
key's entries stay in stream order across them (``BatchRunner.prepare``).

With ``partitions`` set (every service process: ``shared.infra.runtime``), the processes
of a service own partitions (``shared.infra.ownership``): a process reads only the
partitions whose lease it holds, and stops reading one before its lease can lapse. On
taking a partition it first takes over every entry still pending there (``XAUTOCLAIM``
with no idle time: whoever held the lease before has stopped, or died), handles them,
and only then reads new entries — so one debtor's facts are handled by one process at a
time, in stream order, across a crash or a rebalance. A partition handed over (a process
joined) stops being read, its batches finish and are acknowledged, then its lease is
released. A followed stream without a partition (an ingest stream) has a lease of its
own (``Ownership`` with scope ``stream:<name>``): one process of the service reads it at
a time and takes over what a dead one left pending before reading on, so its entries of
one key (an ERP's payment after the invoice it pays) stay in order however many processes
run. Without ``partitions`` every process reads every followed stream.

:meth:`Consumer.start` also runs one reclaimer of our own per process: a periodic
``XAUTOCLAIM`` with a real ``COUNT`` over the followed streams no lease covers (all of
them without ``partitions``), taking over entries left idle longer than
``reclaim_idle_ms``, sleeping when there is nothing to take. An owned partition is never
reclaimed beside its reader (the two would run one debtor's entries at once): its reader
takes over what is pending there when it takes the partition, and again after a late
heartbeat made its runner abandon entries.

Each batch is handled by :class:`shared.bus_batch.BatchRunner`: entries of different
keys concurrently, one key's in stream order; the entries still waiting in a batch keep
their claim fresh, so a live consumer's queue is never reclaimed elsewhere; an entry is
acknowledged only after its handler returned, i.e. after the effect is stored, and only
while this consumer still owns it. An entry
that cannot be parsed is dead-lettered at once; a handler failure that would recur on the
same input is retried in place up to ``dead_letter_after`` runs, then dead-lettered; a
transient failure (Redis or a dependency unavailable, a pool exhausted, out of memory) is
retried in place with capped backoff for as long as it lasts and never dead-lettered
(see ``shared.transient``). Handlers in flight per process are bounded by
``max_in_flight`` (kept below the Redis connection pool's size). An entry delivered
``crash_dead_letter_after`` times without an ack (its handler keeps crashing the
process) is dead-lettered by the reclaimer. Handlers must be idempotent: delivery is at
least once (see ``shared.aggregate``).

The reads are the consumer's own rather than FastStream ``StreamSub`` subscribers: a
subscriber reads its stream from the broker's start to its stop, while a partition's
reads must start and stop with its lease. ``ensure_groups`` creates every group at ``0``
(a backlog is read) before anything reads.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import redis.asyncio as aioredis
import structlog
from faststream.redis import RedisBroker
from redis.exceptions import ResponseError

from shared.contracts.codec import parse_event
from shared.infra.bus_batch import (
    BatchRunner,
    Entry,
    Limits,
    Many,
    PayloadTooLarge,
    Prepared,
    Route,
)
from shared.infra.deadletter import write_dead_letter
from shared.infra.keys import partition_of_stream
from shared.infra.metrics import RECLAIMED, TAKEN_OVER
from shared.infra.ownership import Ownership
from shared.infra.transient import is_transient

__all__ = ["Consumer", "PayloadTooLarge", "consumer_name", "ensure_group"]

T = TypeVar("T")
U = TypeVar("U")
log = structlog.get_logger("bus")
PARSE_EVENT = cast(Callable[[bytes], Any], parse_event)


def consumer_name(service: str) -> str:
    """Unique per process: host, pid and a random suffix (a restarted pid is a new name)."""
    return f"{service}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


async def ensure_group(redis: aioredis.Redis, stream: str, group: str) -> None:
    """Create the group at the stream's beginning (so a backlog is read), once."""
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


READS = 3
"""Reads of one stream whose batches may run at once. Two kept the process busy while its
Python was the bottleneck; with a command's Python cut by a tenth, the process waited for
Redis 24 µs per ingest command with two, 17 µs with three (``bench/slice.py``)."""


@dataclass
class Consumer(Generic[T]):
    """Wires handlers of one service onto streams, with the rules in the module doc.

    ``broker`` is the service's FastStream broker (its publishers); the consumer's reads
    use ``redis``. ``partitions`` > 0 turns partition ownership on (``lease_ms`` long
    leases); ``shutdown_timeout_s`` bounds how long :meth:`stop` waits for batches.
    """

    broker: RedisBroker
    redis: aioredis.Redis
    service: str
    name: str
    dead_letter_after: int = 5
    reclaim_idle_ms: int = 30_000
    poll_interval_ms: int = 200
    max_payload_bytes: int = 64 * 1024
    batch_size: int = 100
    max_in_flight: int = 64
    transient_backoff_cap_s: float = 30.0
    transient_alert_after_s: float = 300.0
    crash_dead_letter_after: int = 20
    partitions: int = 0
    lease_ms: int = 10_000
    shutdown_timeout_s: float = 30.0
    streams: list[str] = field(init=False, default_factory=list)
    ownership: Ownership | None = field(init=False, default=None)
    _routes: dict[str, Route[Any]] = field(init=False, default_factory=dict)
    _runner: BatchRunner = field(init=False, repr=False)
    _reclaimer: asyncio.Task[None] | None = field(init=False, default=None, repr=False)
    _readers: dict[int | str, asyncio.Task[None]] = field(init=False, default_factory=dict)
    _stream_owners: dict[str, Ownership] = field(init=False, default_factory=dict)
    _stopping: asyncio.Event = field(init=False, default_factory=asyncio.Event, repr=False)

    def __post_init__(self) -> None:
        if self.partitions and self.poll_interval_ms * 3 >= self.lease_ms:
            raise ValueError(
                f"a read blocks up to poll_interval_ms ({self.poll_interval_ms}); it must stay "
                f"below a third of the partition lease ({self.lease_ms} ms)"
            )
        limits = Limits(
            dead_letter_after=self.dead_letter_after,
            reclaim_idle_ms=self.reclaim_idle_ms,
            max_payload_bytes=self.max_payload_bytes,
            transient_backoff_cap_s=self.transient_backoff_cap_s,
            transient_alert_after_s=self.transient_alert_after_s,
        )
        gate = asyncio.Semaphore(self.max_in_flight)
        self._runner = BatchRunner(
            self.redis, self.service, self.name, limits, gate, holds=self.may_handle
        )

    def follow(
        self,
        streams: Iterable[str],
        handler: Callable[[U], Awaitable[None]],
        parse: Callable[[bytes], U] = PARSE_EVENT,
        key: Callable[[U], str] | None = None,
        many: Many[U] | None = None,
    ) -> None:
        """Call ``handler`` for every entry of ``streams`` (parsed by ``parse``).

        With ``key``, entries of different keys run concurrently and only entries with the
        same key are ordered; without it a stream's entries run one by one, in order.
        With ``key`` and ``many`` (a batch handler), a read batch goes to ``many`` in waves
        of entries of distinct keys (``shared.infra.bus_batch``); ``handler`` takes an entry
        ``many`` reported failed, with the usual retries.
        One handler per stream: two readers under one consumer name would split it.
        """
        wanted = list(streams)
        for stream in wanted:
            if stream in self.streams or wanted.count(stream) > 1:
                raise ValueError(f"{self.service} already follows {stream}")
        for stream in wanted:
            self.streams.append(stream)
            self._routes[stream] = Route(stream, handler, parse, key, many)

    def may_handle(self, stream: str) -> bool:
        """Whether this process may handle entries of ``stream`` now (the lease of its
        partition, or of the stream itself, held, when leases are in use)."""
        unit = self._unit_of(stream)
        owner = self._owner(unit)
        return True if owner is None else owner[0].holds(owner[1])

    def held_partitions(self) -> list[int] | None:
        """The partitions whose lease this process holds, or None when it reads without
        partition leases (then every process reads every partition)."""
        if self.ownership is None:
            return None
        return sorted(self.ownership.held)

    def lease_of(self, stream: str) -> tuple[str, int | None] | None:
        """The key of the lease that covers ``stream`` and the fencing token this process
        holds it under (None when not held); None when no lease covers it."""
        owner = self._owner(self._unit_of(stream))
        if owner is None:
            return None
        ownership, index = owner
        return ownership.lease_key(index), ownership.token(index)

    async def ensure_groups(self) -> None:
        """Create the service's group on every followed stream; call before :meth:`start`."""
        for stream in self.streams:
            await ensure_group(self.redis, stream, self.service)

    async def start(self) -> None:
        """Start reading (the partitions this process takes, or every stream) and the
        reclaimer."""
        if self._reclaimer is not None or not self.streams:
            return
        self._stopping.clear()
        if not self.partitions:
            for unit in self._units():
                self._readers[unit] = self._reader(unit)
        elif any(isinstance(unit, int) for unit in self._units()):
            self.ownership = Ownership(
                self.redis, self.service, self.name, self.partitions, self.lease_ms,
                on_acquired=self._unit_taken, on_release=self._unit_drained,
            )  # fmt: skip
            await self.ownership.start()
        for unit in self._units() if self.partitions else []:
            if isinstance(unit, str):  # one lease of its own: one process reads it at a time
                taken, drained = self._stream_callbacks(unit)
                owner = Ownership(
                    self.redis, self.service, self.name, 1, self.lease_ms, scope=f"stream:{unit}",
                    on_acquired=taken, on_release=drained,
                )  # fmt: skip
                self._stream_owners[unit] = owner
                await owner.start()
        self._reclaimer = asyncio.create_task(self._reclaim_forever())

    async def stop(self) -> None:
        """Stop reading, let the batches in flight finish (up to ``shutdown_timeout_s``),
        release the partitions, stop the reclaimer. The flag ends the loops even where a
        library swallows a cancellation (redis-py's timeouts can turn it into a
        TimeoutError)."""
        self._stopping.set()
        if self._reclaimer is not None:
            self._reclaimer.cancel()
            with suppress(asyncio.CancelledError):
                await self._reclaimer
            self._reclaimer = None
        readers = list(self._readers.values())
        if readers:
            _, late = await asyncio.wait(readers, timeout=self.shutdown_timeout_s)
            for task in late:
                task.cancel()
            for task in readers:
                with suppress(asyncio.CancelledError, Exception):
                    await task
        if self.ownership is not None:
            await self.ownership.stop()
            self.ownership = None
        for owner in self._stream_owners.values():
            await owner.stop()
        self._stream_owners.clear()
        self._readers.clear()

    def _units(self) -> list[int | str]:
        """What one read names: a partition (all followed streams of it) or one stream
        without a partition tag."""
        units: list[int | str] = []
        for stream in self.streams:
            partition = partition_of_stream(stream)
            unit: int | str = stream if partition is None else partition
            if unit not in units:
                units.append(unit)
        return units

    @staticmethod
    def _unit_of(stream: str) -> int | str:
        partition = partition_of_stream(stream)
        return stream if partition is None else partition

    def _owner(self, unit: int | str) -> tuple[Ownership, int] | None:
        """The leases that cover ``unit`` and its index among them, if leases are in use."""
        if isinstance(unit, str):
            owner = self._stream_owners.get(unit)
            return None if owner is None else (owner, 0)
        return None if self.ownership is None else (self.ownership, unit)

    def _streams_of(self, unit: int | str) -> list[str]:
        if isinstance(unit, str):
            return [unit]
        return [s for s in self.streams if partition_of_stream(s) == unit]

    def _stream_callbacks(
        self, stream: str
    ) -> tuple[Callable[[int], None], Callable[[int], Awaitable[None]]]:
        """A stream lease's callbacks (its one lease is index 0): start or drain the reader."""

        def taken(_: int) -> None:
            self._unit_taken(stream)

        async def drained(_: int) -> None:
            await self._unit_drained(stream)

        return taken, drained

    def _unit_taken(self, unit: int | str) -> None:
        if unit not in self._units():
            return
        previous = self._readers.get(unit)
        self._readers[unit] = self._reader(unit, previous)

    def _reader(
        self, unit: int | str, previous: asyncio.Task[None] | None = None
    ) -> asyncio.Task[None]:
        """A reader task for ``unit``; should one ever end on an error, it is said loudly
        (a silent death would leave the streams unread for the life of the process)."""
        task = asyncio.create_task(self._read(unit, previous))
        task.add_done_callback(lambda done: self._reader_ended(unit, done))
        return task

    def _reader_ended(self, unit: int | str, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        log.error("reader_died", unit=unit, error=f"{type(error).__name__}: {error}")

    async def _unit_drained(self, unit: int | str) -> None:
        """Wait for the unit's reader to stop (it does once it may not read)."""
        reader = self._readers.get(unit)
        if reader is not None:
            with suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(reader), self.shutdown_timeout_s)

    def _reading(self, unit: int | str, token: int | None = None) -> str:
        """``read``, ``wait`` (lease not fresh enough yet) or ``done``."""
        if self._stopping.is_set():
            return "done"
        owner = self._owner(unit)
        if owner is None:
            return "read"
        return owner[0].reading(owner[1], self.poll_interval_ms / 1000, token)

    async def _read(self, unit: int | str, previous: asyncio.Task[None] | None = None) -> None:
        """Read ``unit`` while allowed; a partition just taken is first taken over.

        A read's batches run while the next reads are made and their batches start: at most
        ``READS`` reads' batches at once, so Python decides the next batch while Redis runs
        the appends of the ones before. A batch sharing a key with one before it on its
        stream waits for the last such (``BatchRunner.prepare``); anything that takes
        entries over waits for all of them."""
        if previous is not None:
            with suppress(asyncio.CancelledError, Exception):
                await previous
        streams = self._streams_of(unit)
        owner = self._owner(unit)
        token = None if owner is None else owner[0].token(owner[1])
        take_over = token is not None
        running: list[asyncio.Task[bool]] = []  # the last reads' batches, oldest first
        try:
            while (state := self._reading(unit, token)) != "done":
                if state == "wait":  # a late heartbeat: the runner may abandon entries
                    await _ended(running)
                    take_over = token is not None
                    await asyncio.sleep(self.poll_interval_ms / 1000)
                    continue
                if take_over or self._runner.abandoned.intersection(streams):
                    # Entries of this partition left pending (a new lease, or abandoned
                    # while the lease was not fresh) are handled before any newer one is
                    # read, once the batches still running have ended.
                    await _ended(running)
                    self._runner.abandoned.difference_update(streams)
                    await self._take_over(unit, streams, token)
                    take_over = False
                    continue
                try:
                    sent = time.monotonic()
                    reply = await self.redis.xreadgroup(
                        self.service, self.name, dict.fromkeys(streams, ">"),
                        count=self.batch_size, block=self.poll_interval_ms,
                    )  # fmt: skip
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    await self._read_failed(streams, exc)
                    continue
                running.append(self._start_batches(streams, _read_reply(reply), sent))
                if not await _ended(running, keep=READS - 1):
                    take_over = token is not None
            await _ended(running)
        finally:
            for batches in running:  # the reader cancelled: its batches too
                batches.cancel()
            if running:
                with suppress(asyncio.CancelledError):
                    await asyncio.wait(running)

    def _start_batches(
        self, streams: list[str], batches: list[tuple[str, list[Entry]]], sent: float
    ) -> asyncio.Task[bool]:
        """One read's batches, prepared now (their turns taken in read order) and run in a
        task; however the task ends, even cancelled before it ran, each batch is released."""
        prepared = [self._runner.prepare(self._routes[stream], entries, claimed_at=sent,
                                         ordered=True) for stream, entries in batches]  # fmt: skip
        task = asyncio.create_task(self._run_batches(streams, prepared))

        def released(_: asyncio.Task[bool]) -> None:
            for batch in prepared:
                self._runner.release(batch)

        task.add_done_callback(released)
        return task

    async def _run_batches(self, streams: list[str], batches: list[Prepared]) -> bool:
        """Run one read's batches; False when one failed beyond its own retries.

        A batch fails only when a bookkeeping write (an ack, a dead letter, a claim kept)
        meets a failure that is not transient. Its unacknowledged entries stay pending: an
        owned partition's reader takes them over before reading on, elsewhere the reclaimer
        takes them once idle. The reader itself goes on — a reader that died here would
        leave its streams unread for the life of the process."""
        results = await asyncio.gather(
            *(self._runner.run_prepared(batch) for batch in batches), return_exceptions=True
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        for error in failed:
            if isinstance(error, asyncio.CancelledError):
                raise error
            log.error("batch_failed", streams=streams, error=f"{type(error).__name__}: {error}")
        if failed:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), 1.0)
        return not failed

    async def _read_failed(self, streams: list[str], exc: Exception) -> None:
        if isinstance(exc, ResponseError) and "NOGROUP" in str(exc):
            log.warning("consumer_group_recreated", streams=streams)  # stream deleted/flushed
            for stream in streams:
                with suppress(Exception):
                    await ensure_group(self.redis, stream, self.service)
        else:
            level = log.warning if is_transient(exc) else log.exception
            level("read_failed", streams=streams, error=type(exc).__name__)
        with suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), 1.0)

    async def _take_over(self, unit: int | str, streams: list[str], token: int | None) -> None:
        """Claim and handle every entry still pending in a partition (or stream) just taken."""
        for stream in streams:
            cursor = "0-0"
            while self._reading(unit, token) != "done":
                try:
                    cursor, _ = await self.reclaim_once(stream, cursor, min_idle_ms=0)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    await self._read_failed([stream], exc)
                    continue
                if cursor == "0-0":
                    break

    async def _reclaim_forever(self) -> None:
        """Take over idle entries of every followed stream; sleep when there are none."""
        cursors = dict.fromkeys(self.streams, "0-0")
        pause = max(self.reclaim_idle_ms / 2000, self.poll_interval_ms / 1000)
        while not self._stopping.is_set():
            took = 0
            for stream in self.streams:
                if self._owner(self._unit_of(stream)) is not None:
                    continue  # an owned unit's reader takes over what is pending there
                try:
                    cursors[stream], claimed = await self.reclaim_once(stream, cursors[stream])
                    took += claimed
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    level = log.warning if is_transient(exc) else log.exception
                    level("reclaim_failed", stream=stream, error=type(exc).__name__)
            if not took:
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), pause)

    async def reclaim_once(
        self, stream: str, cursor: str = "0-0", min_idle_ms: int | None = None
    ) -> tuple[str, int]:
        """One XAUTOCLAIM of up to ``batch_size`` entries idle for ``min_idle_ms`` (default
        ``reclaim_idle_ms``), handled as a batch.

        Returns the next cursor and how many entries were taken.
        """
        idle = self.reclaim_idle_ms if min_idle_ms is None else min_idle_ms
        sent = time.monotonic()
        reply = await self.redis.xautoclaim(
            stream, self.service, self.name, idle, start_id=cursor, count=self.batch_size
        )
        next_id, entries = bytes(reply[0]).decode(), cast(list[Entry], reply[1])
        entries = [(entry_id, fields) for entry_id, fields in entries if fields is not None]
        if not entries:
            return next_id, 0
        # Idle entries (a consumer crashed or stopped) are reclaimed; a partition's reader
        # taking over what is pending there (``min_idle_ms=0``) counts apart.
        (RECLAIMED if idle else TAKEN_OVER).labels(self.service, stream).inc(len(entries))
        deliveries = await self._deliveries(stream, entries)
        crashed = [e for e in entries if deliveries.get(e[0], 1) >= self.crash_dead_letter_after]
        for entry_id, fields in crashed:
            await self._crash_loop(stream, entry_id, fields, deliveries[entry_id])
        rest = [e for e in entries if e not in crashed]
        await self._runner.run_batch(self._routes[stream], rest, deliveries, sent)
        return next_id, len(entries)

    async def _deliveries(self, stream: str, entries: list[Entry]) -> dict[bytes, int]:
        """How often each entry was delivered (XPENDING over the claimed range)."""
        first, last = entries[0][0], entries[-1][0]
        rows = await self.redis.xpending_range(
            stream, self.service, min=first, max=last, count=len(entries) + 100
        )
        return {cast(bytes, row["message_id"]): int(row["times_delivered"]) for row in rows}

    async def _crash_loop(
        self, stream: str, entry_id: bytes, fields: dict[bytes, bytes], deliveries: int
    ) -> None:
        error = (f"delivered {deliveries} times without an ack: its handler keeps crashing or "
                 "stopping the consumer")  # fmt: skip
        payload = fields.get(b"__data__", b"")
        await write_dead_letter(
            self.redis, self.service, stream, entry_id, payload, error, deliveries
        )
        await self.redis.xack(stream, self.service, entry_id)
        log.error("dead_lettered", stream=stream, error=error, deliveries=deliveries)


async def _ended(running: list[asyncio.Task[bool]], keep: int = 0) -> bool:
    """Wait for the oldest reads' batches until ``keep`` are left running; whether none of
    those failed. A task leaves the list once ended (the reader cancels what is left)."""
    ok = True
    while len(running) > keep:
        ok = await running[0] and ok
        running.pop(0)
    return ok


def _read_reply(reply: Any) -> list[tuple[str, list[Entry]]]:
    """XREADGROUP's answer as (stream, entries) pairs."""
    if not reply:
        return []
    pairs = reply.items() if isinstance(reply, dict) else reply
    out = []
    for name, entries in pairs:
        stream = name.decode() if isinstance(name, bytes) else str(name)
        out.append((stream, [(eid, f) for eid, f in entries if f is not None]))
    return out
