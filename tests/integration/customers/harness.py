"""Running the customers app against the session's Redis, and reading what it stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import redis.asyncio as aioredis
from fastapi import FastAPI

from services.customers.app import build
from shared import keys
from shared.auth import Role, create_api_key
from shared.contracts import Event, parse_event
from shared.settings import Settings

INTEGRATION, COLLECTOR, AUDITOR, ADMIN = (
    Role.INTEGRATION, Role.COLLECTOR, Role.AUDITOR, Role.ADMIN,
)  # fmt: skip

# Planted personal data: none of it may appear in Redis in plaintext.
LEGAL_NAME = "Planted Legal Name Zq7 Trading Co"
PERSON = "Planted Person Xv9"
EMAIL = "planted.xv9@mailbox-example.com"
PHONE = "+8613912345678"


def contact_body(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": PERSON,
        "email": EMAIL,
        "phone": PHONE,
        "language": "zh-CN",
        "timezone": "Asia/Shanghai",
        "role": "debtor_staff",
        "consent": {"email": True, "sms": True},
    }
    return {**fields, **changes}


def registration(customer_id: str = "C-1001", **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "customer_id": customer_id,
        "legal_name": LEGAL_NAME,
        "jurisdiction": "cn",
        "currency": "CNY",
        "contact": contact_body(),
    }
    return {**fields, **changes}


@dataclass
class Running:
    app: FastAPI
    client: httpx.AsyncClient
    keys: dict[Role, str]

    def as_(self, role: Role) -> dict[str, str]:
        return {"X-API-Key": self.keys[role]}

    async def register(self, body: dict[str, Any] | None = None) -> httpx.Response:
        return await self.client.post(
            "/customers", json=body or registration(), headers=self.as_(INTEGRATION)
        )


@asynccontextmanager
async def running(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    """The customers app with its lifespan entered, an HTTP client and a key per role."""
    api_keys = {role: await create_api_key(redis, f"test-{role}", role) for role in Role}
    app = build(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield Running(app, client, api_keys)


async def published(redis: aioredis.Redis, partitions: int = 4) -> list[Event]:
    """Everything customers published, over all partitions of ``hk:{pNN}:out:customers``."""
    events: list[Event] = []
    for partition in range(partitions):
        for _, fields in await redis.xrange(keys.outbox(partition, "customers")):
            events.append(parse_event(fields[b"__data__"]))
    return events


async def dump(redis: aioredis.Redis) -> bytes:
    """Every key and every value in Redis, whatever its type, as one blob of bytes."""
    parts: list[bytes] = []
    async for key in redis.scan_iter(count=1000):
        parts.append(key)
        kind = (await redis.type(key)).decode()
        parts.extend(await _values(redis, key, kind))
    return b"\n".join(parts)


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
