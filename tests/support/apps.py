"""Running one service app in-process against the session's Redis, and reading Redis back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

import httpx
import redis.asyncio as aioredis
from fastapi import FastAPI

from shared.contracts import Event, parse_event
from shared.infra import keys
from shared.infra.api_keys import KeyBook, Role, key_book
from shared.infra.settings import Settings

T = TypeVar("T")


@dataclass
class Running:
    """A service app with its lifespan entered, an HTTP client and a key per role."""

    app: FastAPI
    client: httpx.AsyncClient
    keys: dict[Role, str]

    def as_(self, role: Role) -> dict[str, str]:
        return {"X-API-Key": self.keys[role]}


def keys_of(redis: aioredis.Redis) -> KeyBook:
    """The test installation's key book (the services under test verify with its secret)."""
    return key_book(redis, Settings())


async def api_key(redis: aioredis.Redis, name: str, role: Role) -> str:
    """A new API key of ``role`` the services under test accept."""
    return await keys_of(redis).create(name, role)


@asynccontextmanager
async def running_app(
    build: Callable[[Settings], FastAPI], settings: Settings, redis: aioredis.Redis
) -> AsyncIterator[Running]:
    book = keys_of(redis)  # reading the settings is most of a key's cost: once per app
    api_keys = {role: await book.create(f"test-{role}", role) for role in Role}
    app = build(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield Running(app, client, api_keys)


async def eventually(check: Callable[[], Awaitable[T | None]], timeout: float = 10.0) -> T:
    """Poll ``check`` until it returns something truthy (bounded)."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.05)


async def outbound_events(redis: aioredis.Redis, service: str, partitions: int = 4) -> list[Event]:
    """Everything ``service`` published, over all partitions of its outbound stream."""
    events: list[Event] = []
    for partition in range(partitions):
        for _, fields in await redis.xrange(keys.outbox(partition, service)):
            events.append(parse_event(fields[b"__data__"]))
    return events


async def dump(redis: aioredis.Redis, skip_prefix: bytes | None = None) -> bytes:
    """Every key and every value in Redis, whatever its type, as one blob of bytes."""
    parts: list[bytes] = []
    async for key in redis.scan_iter(count=1000):
        if skip_prefix is not None and key.startswith(skip_prefix):
            continue
        kind = (await redis.type(key)).decode()
        if kind == "none":
            continue  # expired since the scan found it (a readiness probe's key)
        parts.append(key)
        parts.extend(await _values(redis, key, kind))
    return b"\n".join(parts)


async def key_dump(redis: aioredis.Redis) -> dict[bytes, list[bytes]]:
    """Every lasting key with its values, keyed (SCAN's order is not stable), while services
    run: keys that live for less than an hour — a readiness probe's key, a partition or
    stream lease renewed by heartbeats — come and go on their own and are left out, as is a
    key that vanished between the scan and the read."""
    out: dict[bytes, list[bytes]] = {}
    async for key in redis.scan_iter(count=1000):
        if 0 <= await redis.ttl(key) < 3600:
            continue
        kind = (await redis.type(key)).decode()
        if kind != "none":
            out[key] = await _values(redis, key, kind)
    return out


async def _values(redis: aioredis.Redis, key: bytes, kind: str) -> list[bytes]:
    if kind == "string":
        return [await redis.get(key)]
    if kind == "hash":
        return [b for pair in (await redis.hgetall(key)).items() for b in pair]
    if kind == "list":
        return list(await redis.lrange(key, 0, -1))
    if kind == "set":
        return list(await redis.smembers(key))
    if kind == "zset":
        return [member for member, _ in await redis.zrange(key, 0, -1, withscores=True)]
    if kind == "stream":
        entries = await redis.xrange(key)
        return [b for _, fields in entries for pair in fields.items() for b in pair]
    raise AssertionError(f"unexpected Redis type {kind} at {key!r}")
