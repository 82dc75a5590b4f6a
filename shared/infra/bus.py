"""Consuming Redis Streams with FastStream: groups, batches, reclaim, ack-after-effect.

For every stream a service follows, ``Consumer.follow`` registers one FastStream batch
subscriber (``XREADGROUP … >``, up to ``batch_size`` entries) in the service's consumer
group, and :meth:`Consumer.start` runs one reclaimer of our own per process: a periodic
``XAUTOCLAIM`` with a real ``COUNT`` over every followed stream that takes over entries
left idle longer than ``reclaim_idle_ms`` by a consumer that crashed or stopped, and
sleeps when there is nothing to take. (FastStream's own ``min_idle_time`` subscriber
claims one entry per call without sleeping; it is not used.)

Each batch is handled by :class:`shared.bus_batch.BatchRunner`: entries of different
keys concurrently, one key's in stream order; the entries still waiting in a batch keep
their claim fresh, so a live consumer's queue is never reclaimed elsewhere; an entry is
acknowledged only after its handler returned, i.e. after the effect is stored. An entry
that cannot be parsed is dead-lettered at once; a handler failure that would recur on the
same input is retried in place up to ``dead_letter_after`` runs, then dead-lettered; a
transient failure (Redis or a dependency unavailable, a pool exhausted, out of memory) is
retried in place with capped backoff for as long as it lasts and never dead-lettered
(see ``shared.transient``). Handlers in flight per process are bounded by
``max_in_flight`` (kept below the Redis connection pool's size). An entry delivered
``crash_dead_letter_after`` times without an ack (its handler keeps crashing the
process) is dead-lettered by the reclaimer. Handlers must be idempotent: delivery is at
least once (see ``shared.aggregate``).

FastStream 0.7.8 underneath (its source, checked on Redis 7.0): a subscriber creates a
missing group at ``$``, skipping the backlog, so ``ensure_groups`` creates every group at
``0`` before the broker starts; only ``ack()`` would XACK (we XACK ourselves).
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import redis.asyncio as aioredis
import structlog
from faststream import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisBatchStreamMessage as InjectedBatchMessage
from redis.exceptions import ResponseError

from shared.contracts.codec import parse_event
from shared.infra.bus_batch import BatchRunner, Entry, Limits, Many, PayloadTooLarge, Route
from shared.infra.deadletter import write_dead_letter
from shared.infra.metrics import RECLAIMED
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


@dataclass
class Consumer(Generic[T]):
    """Wires handlers of one service onto streams, with the rules in the module doc."""

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
    streams: list[str] = field(init=False, default_factory=list)
    _routes: dict[str, Route[Any]] = field(init=False, default_factory=dict)
    _runner: BatchRunner = field(init=False, repr=False)
    _reclaimer: asyncio.Task[None] | None = field(init=False, default=None, repr=False)
    _stopping: asyncio.Event = field(init=False, default_factory=asyncio.Event, repr=False)

    def __post_init__(self) -> None:
        limits = Limits(
            dead_letter_after=self.dead_letter_after,
            reclaim_idle_ms=self.reclaim_idle_ms,
            max_payload_bytes=self.max_payload_bytes,
            transient_backoff_cap_s=self.transient_backoff_cap_s,
            transient_alert_after_s=self.transient_alert_after_s,
        )
        gate = asyncio.Semaphore(self.max_in_flight)
        self._runner = BatchRunner(self.redis, self.service, self.name, limits, gate)

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
            route = Route(stream, handler, parse, key, many)
            self.streams.append(stream)
            self._routes[stream] = route
            self._subscribe(route)

    def _subscribe(self, route: Route[Any]) -> None:
        sub = StreamSub(
            route.stream,
            group=self.service,
            consumer=self.name,
            polling_interval=self.poll_interval_ms,
            batch=True,
            max_records=self.batch_size,
        )

        async def consume(msg: InjectedBatchMessage) -> None:
            ids: list[bytes] = msg.raw_message["message_ids"]
            fields: list[dict[bytes, bytes]] = msg.raw_message["data"]
            await self._runner.run_batch(route, list(zip(ids, fields, strict=True)))

        consume.__name__ = f"{self.service}:{route.stream}"
        # MANUAL: FastStream never acks on its own; entries are acked after their effect.
        self.broker.subscriber(stream=sub, ack_policy=AckPolicy.MANUAL)(consume)

    async def ensure_groups(self) -> None:
        """Create the service's group on every followed stream; call before the broker starts."""
        for stream in self.streams:
            await ensure_group(self.redis, stream, self.service)

    async def start(self) -> None:
        """Start the reclaimer (the broker's subscribers are started by the broker)."""
        if self._reclaimer is None and self.streams:
            self._stopping.clear()
            self._reclaimer = asyncio.create_task(self._reclaim_forever())

    async def stop(self) -> None:
        """Stop the reclaimer. The flag ends its loop even where a library swallows the
        cancellation (redis-py's timeouts can turn it into a TimeoutError)."""
        if self._reclaimer is not None:
            self._stopping.set()
            self._reclaimer.cancel()
            with suppress(asyncio.CancelledError):
                await self._reclaimer
            self._reclaimer = None

    async def _reclaim_forever(self) -> None:
        """Take over idle entries of every followed stream; sleep when there are none."""
        cursors = dict.fromkeys(self.streams, "0-0")
        pause = max(self.reclaim_idle_ms / 2000, self.poll_interval_ms / 1000)
        while not self._stopping.is_set():
            took = 0
            for stream in self.streams:
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

    async def reclaim_once(self, stream: str, cursor: str = "0-0") -> tuple[str, int]:
        """One XAUTOCLAIM of up to ``batch_size`` idle entries, handled as a batch.

        Returns the next cursor and how many entries were taken.
        """
        reply = await self.redis.xautoclaim(
            stream, self.service, self.name, self.reclaim_idle_ms, start_id=cursor,
            count=self.batch_size,
        )  # fmt: skip
        next_id, entries = bytes(reply[0]).decode(), cast(list[Entry], reply[1])
        entries = [(entry_id, fields) for entry_id, fields in entries if fields is not None]
        if not entries:
            return next_id, 0
        RECLAIMED.labels(self.service, stream).inc(len(entries))
        deliveries = await self._deliveries(stream, entries)
        crashed = [e for e in entries if deliveries.get(e[0], 1) >= self.crash_dead_letter_after]
        for entry_id, fields in crashed:
            await self._crash_loop(stream, entry_id, fields, deliveries[entry_id])
        rest = [e for e in entries if e not in crashed]
        await self._runner.run_batch(self._routes[stream], rest, deliveries)
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
