"""Running ``shared.infra.bus.Consumer`` against the session's Redis, and waiting for effects."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import redis.asyncio as aioredis
from faststream.redis import RedisBroker

from shared.contracts import Event, encode_event, parse_event
from shared.infra import keys
from shared.infra.bus import Consumer
from tests.support.bus_worker import SERVICE
from tests.support.factories import invoice_issued

T = TypeVar("T")
STREAM = keys.outbox(0, "invoicing")
DLQ = keys.dead_letter(SERVICE)
FAST: dict[str, Any] = {
    "dead_letter_after": 3,
    "reclaim_idle_ms": 300,
    "poll_interval_ms": 50,
    "max_payload_bytes": 4096,
}


@asynccontextmanager
async def consuming(
    url: str,
    redis: aioredis.Redis,
    handler: Callable[[Any], Awaitable[None]],
    *,
    name: str = "c1",
    streams: tuple[str, ...] = (STREAM,),
    parse: Callable[[bytes], Any] = parse_event,
    key: Callable[[Any], str] | None = None,
    many: Callable[[list[Any]], Awaitable[Any]] | None = None,
    **options: Any,
) -> AsyncIterator[Consumer[Any]]:
    """A fresh broker with ``handler`` following ``streams``, started after the test's flush."""
    broker = RedisBroker(url)
    consumer: Consumer[Any] = Consumer(broker, redis, SERVICE, name, **(FAST | options))
    consumer.follow(streams, handler, parse, key=key, many=many)
    await consumer.ensure_groups()
    async with broker:
        await broker.start()
        await consumer.start()
        try:
            yield consumer
        finally:
            await consumer.stop()


async def publish(redis: aioredis.Redis, event: Event, stream: str = STREAM) -> str:
    entry_id = await redis.xadd(stream, {"__data__": encode_event(event)})
    return bytes(entry_id).decode()


async def publish_raw(redis: aioredis.Redis, payload: bytes, stream: str = STREAM) -> str:
    entry_id = await redis.xadd(stream, {"__data__": payload})
    return bytes(entry_id).decode()


def events(count: int) -> list[Event]:
    return [invoice_issued(number=f"INV-{n}") for n in range(count)]


async def eventually(check: Callable[[], Awaitable[T] | T], timeout: float = 10.0) -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s (last: {result!r})")
        await asyncio.sleep(0.05)


async def pending(redis: aioredis.Redis, stream: str = STREAM) -> list[dict[str, Any]]:
    """XPENDING of the test group: what is delivered but not acknowledged."""
    return list(await redis.xpending_range(stream, SERVICE, min="-", max="+", count=100))
