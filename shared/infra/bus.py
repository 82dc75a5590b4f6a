"""Consuming Redis Streams with FastStream: groups, reclaim, ack-after-effect, dead letters.

For every stream a service follows, ``Consumer.follow`` registers two FastStream
subscribers in the service's consumer group:

* a reader (``XREADGROUP >``) for new entries;
* a reclaimer (``min_idle_time`` → ``XAUTOCLAIM``) that takes over entries left pending
  by a consumer that crashed, or by a handler that failed.

An entry is acknowledged only after its handler returned, i.e. after the effect is
stored. An entry that cannot be parsed is dead-lettered at once; one whose handler
keeps failing is dead-lettered after ``dead_letter_after`` deliveries. Dead letters keep
the payload, the error and the delivery count, and can be listed and replayed.
Handlers must be idempotent (see ``shared.aggregate``): delivery is at least once.

FastStream 0.7.8 underneath (its source, checked on Redis 7.0):

* A subscriber creates a missing group at ``$``, skipping the backlog: ``ensure_groups``
  creates every group at ``0`` before the broker starts.
* An entry idles from the moment XREADGROUP hands it out, not from when its handler
  starts, so the reader takes ``read_batch`` entries at a time (a long batch would
  outlast ``reclaim_idle_ms`` and its tail would be reclaimed and run twice), and
  ``reclaim_idle_ms`` must exceed the slowest handler.
* XREADGROUP and XAUTOCLAIM both count a delivery: XPENDING's count is the number of
  handler runs. The dead letter is written before the ack: a crash in between can
  dead-letter an entry twice, never lose it.

Keyed batches (``follow(..., key=...)``), where throughput matters: the reader takes
``batch_size`` entries in one XREADGROUP, runs the entries of different keys (e.g.
different debtors) concurrently and those of one key in stream order, and acknowledges
the entries whose handler returned in one XACK. When an entry fails, the later entries
of its key are left pending too, so the reclaimer replays them in order; repeated
failures are dead-lettered there, by the same rules as above.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import redis.asyncio as aioredis
import structlog
from faststream import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisStreamMessage as InjectedStreamMessage
from faststream.redis.message import RedisStreamMessage
from redis.exceptions import ResponseError

from shared.contracts import Event
from shared.contracts.codec import parse_event
from shared.infra import keys
from shared.infra.metrics import DEAD_LETTERED, EVENTS_HANDLED, HANDLER_SECONDS

T = TypeVar("T")
U = TypeVar("U")
log = structlog.get_logger("bus")


class PayloadTooLarge(ValueError):
    """The entry is larger than ``max_payload_bytes``."""


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


def payload_of(msg: RedisStreamMessage) -> bytes:
    """The entry's ``__data__`` as written; without one, FastStream's JSON of all its fields."""
    fields: dict[bytes, bytes] = msg.raw_message["data"]
    raw = fields.get(b"__data__")
    return raw if raw is not None else bytes(msg.body)


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
    read_batch: int = 10
    batch_size: int = 100

    def __post_init__(self) -> None:
        self.streams: list[str] = []

    def follow(
        self,
        streams: Iterable[str],
        handler: Callable[[U], Awaitable[None]],
        parse: Callable[[bytes], U] = parse_event,  # type: ignore[assignment]
        key: Callable[[U], str] | None = None,
    ) -> None:
        """Call ``handler`` for every entry of ``streams`` (parsed by ``parse``).

        With ``key``, entries are read in keyed batches (module doc): only entries with the
        same key are ordered. One handler per stream: two readers under one consumer name
        would split its entries.
        """
        wanted = list(streams)
        for stream in wanted:
            if stream in self.streams or wanted.count(stream) > 1:
                raise ValueError(f"{self.service} already follows {stream}")
        for stream in wanted:
            self.streams.append(stream)
            if key is None:
                self._subscribe(stream, self._wrap(stream, handler, parse))
            else:
                from shared.infra.bus_batch import KeyedBatch

                batch = KeyedBatch(self, stream, handler, parse, key)
                self._subscribe(stream, batch.consume, batch=True)
            self._subscribe(stream, self._wrap(stream, handler, parse), reclaim=True)

    def _subscribe(
        self,
        stream: str,
        consume: Callable[..., Awaitable[None]],
        *,
        reclaim: bool = False,
        batch: bool = False,
    ) -> None:
        """Register a reader (XREADGROUP >, one by one or in batches) or the reclaimer."""
        sub = StreamSub(
            stream,
            group=self.service,
            consumer=self.name,
            polling_interval=self.poll_interval_ms,
            batch=batch,
            max_records=None if reclaim else (self.batch_size if batch else self.read_batch),
            min_idle_time=self.reclaim_idle_ms if reclaim else None,
        )
        # MANUAL: FastStream never acks on its own; entries are acked after their effect.
        self.broker.subscriber(stream=sub, ack_policy=AckPolicy.MANUAL)(consume)

    async def ensure_groups(self) -> None:
        """Create the service's group on every followed stream; call before the broker starts."""
        for stream in self.streams:
            await ensure_group(self.redis, stream, self.service)

    def _wrap(
        self, stream: str, handler: Callable[[U], Awaitable[None]], parse: Callable[[bytes], U]
    ) -> Callable[[RedisStreamMessage], Awaitable[None]]:
        # FastStream 0.7.8 injects the raw message only through its context annotation.
        async def consume(msg: InjectedStreamMessage) -> None:
            await self.handle(stream, msg, handler, parse)

        consume.__name__ = f"{self.service}:{stream}:{getattr(handler, '__name__', 'handler')}"
        return consume

    async def handle(
        self,
        stream: str,
        msg: RedisStreamMessage,
        handler: Callable[[U], Awaitable[None]],
        parse: Callable[[bytes], U],
    ) -> None:
        """Parse, run the handler, then ack; dead-letter what cannot succeed."""
        payload = payload_of(msg)
        entry_id = msg.raw_message["message_ids"][0]
        try:
            item = self.parse(payload, parse)
        except Exception as exc:  # parsing is deterministic: any error recurs on redelivery
            deliveries = await msg.get_delivery_count()
            await self.dead_letter(stream, entry_id, payload, unparseable(exc), deliveries)
            return
        try:
            await self.run(stream, item, handler)
        except Exception as exc:
            await self._failed(stream, msg, payload, _kind(item), exc)
            return
        await msg.ack()

    def parse(self, payload: bytes, parse: Callable[[bytes], U]) -> U:
        if len(payload) > self.max_payload_bytes:
            raise PayloadTooLarge(f"payload of {len(payload)} bytes exceeds the limit")
        return parse(payload)

    async def run(self, stream: str, item: U, handler: Callable[[U], Awaitable[None]]) -> None:
        """The handler, with the entry's ids bound in the logs and its time measured."""
        context = _context(item)
        kind = str(context["event_type"])
        with structlog.contextvars.bound_contextvars(**context, stream=stream):
            started = time.perf_counter()
            await handler(item)
            HANDLER_SECONDS.labels(self.service, kind).observe(time.perf_counter() - started)
            EVENTS_HANDLED.labels(self.service, kind, "ok").inc()

    async def _failed(
        self, stream: str, msg: RedisStreamMessage, payload: bytes, kind: str, exc: Exception
    ) -> None:
        deliveries = await msg.get_delivery_count()
        EVENTS_HANDLED.labels(self.service, kind, "error").inc()
        if deliveries >= self.dead_letter_after:
            error = f"{type(exc).__name__}: {exc}"
            entry_id = msg.raw_message["message_ids"][0]
            await self.dead_letter(stream, entry_id, payload, error, deliveries)
        else:
            log.warning("handler_failed", error=type(exc).__name__, deliveries=deliveries)

    async def dead_letter(
        self, stream: str, entry_id: bytes, payload: bytes, error: str, deliveries: int
    ) -> None:
        """Keep the entry, its error and delivery count in the DLQ, then acknowledge it."""
        await self.redis.xadd(
            keys.dead_letter(self.service),
            {
                "stream": stream,
                "entry_id": entry_id,
                "group": self.service,
                "error": error[:2000],
                "deliveries": deliveries,
                "payload": payload,
                "dead_at": int(time.time() * 1000),
            },
        )
        await self.redis.xack(stream, self.service, entry_id)
        DEAD_LETTERED.labels(self.service, stream).inc()
        log.error("dead_lettered", stream=stream, error=error[:300], deliveries=deliveries)


def unparseable(exc: Exception) -> str:
    return f"unparseable: {type(exc).__name__}: {exc}"


def _kind(item: Any) -> str:
    return str(_context(item)["event_type"])


def _context(item: Any) -> dict[str, Any]:
    if isinstance(item, Event):
        return {
            "event_id": str(item.event_id),
            "correlation_id": str(item.correlation_id),
            "event_type": item.type,
        }
    return {"event_type": type(item).__name__}
