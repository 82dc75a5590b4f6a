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

from shared import keys
from shared.contracts import Event
from shared.contracts.codec import parse_event
from shared.observability import DEAD_LETTERED, EVENTS_HANDLED, HANDLER_SECONDS

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

    def __post_init__(self) -> None:
        self.streams: list[str] = []

    def follow(
        self,
        streams: Iterable[str],
        handler: Callable[[U], Awaitable[None]],
        parse: Callable[[bytes], U] = parse_event,  # type: ignore[assignment]
    ) -> None:
        """Call ``handler`` for every entry of ``streams`` (parsed by ``parse``).

        One handler per stream: two readers under one consumer name would split its entries.
        """
        wanted = list(streams)
        for stream in wanted:
            if stream in self.streams or wanted.count(stream) > 1:
                raise ValueError(f"{self.service} already follows {stream}")
        for stream in wanted:
            self.streams.append(stream)
            for reclaim in (False, True):
                self._subscribe(stream, reclaim, self._wrap(stream, handler, parse))

    def _subscribe(
        self, stream: str, reclaim: bool, consume: Callable[..., Awaitable[None]]
    ) -> None:
        """Register the reader (XREADGROUP >, ``read_batch`` at a time) or the reclaimer."""
        sub = StreamSub(
            stream,
            group=self.service,
            consumer=self.name,
            polling_interval=self.poll_interval_ms,
            max_records=None if reclaim else self.read_batch,
            min_idle_time=self.reclaim_idle_ms if reclaim else None,
        )
        # MANUAL: FastStream never acks on its own; ``handle`` acks after the handler returned.
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
        try:
            if len(payload) > self.max_payload_bytes:
                raise PayloadTooLarge(f"payload of {len(payload)} bytes exceeds the limit")
            item = parse(payload)
        except Exception as exc:  # parsing is deterministic: any error recurs on redelivery
            deliveries = await msg.get_delivery_count()
            error = f"unparseable: {type(exc).__name__}: {exc}"
            await self._dead_letter(stream, msg, payload, error, deliveries)
            return
        context = _context(item)
        kind = str(context.get("event_type", "entry"))
        with structlog.contextvars.bound_contextvars(**context, stream=stream):
            started = time.perf_counter()
            try:
                await handler(item)
            except Exception as exc:
                await self._failed(stream, msg, payload, kind, exc)
                return
            HANDLER_SECONDS.labels(self.service, kind).observe(time.perf_counter() - started)
            await msg.ack()
            EVENTS_HANDLED.labels(self.service, kind, "ok").inc()

    async def _failed(
        self, stream: str, msg: RedisStreamMessage, payload: bytes, kind: str, exc: Exception
    ) -> None:
        deliveries = await msg.get_delivery_count()
        EVENTS_HANDLED.labels(self.service, kind, "error").inc()
        if deliveries >= self.dead_letter_after:
            error = f"{type(exc).__name__}: {exc}"
            await self._dead_letter(stream, msg, payload, error, deliveries)
        else:
            log.warning("handler_failed", error=type(exc).__name__, deliveries=deliveries)

    async def _dead_letter(
        self, stream: str, msg: RedisStreamMessage, payload: bytes, error: str, deliveries: int
    ) -> None:
        entry_id = msg.raw_message["message_ids"][0]
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
        await msg.ack()
        DEAD_LETTERED.labels(self.service, stream).inc()
        log.error("dead_lettered", stream=stream, error=error[:300], deliveries=deliveries)


def _context(item: Any) -> dict[str, Any]:
    if isinstance(item, Event):
        return {
            "event_id": str(item.event_id),
            "correlation_id": str(item.correlation_id),
            "event_type": item.type,
        }
    return {"event_type": type(item).__name__}
