"""Running the invoicing app against the session's Redis, and watching what it emits."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import redis.asyncio as aioredis
from fastapi import FastAPI

from services.invoicing.app import build
from shared import keys
from shared.auth import Role, create_api_key
from shared.contracts import Event, parse_event
from shared.settings import Settings

T = TypeVar("T")
INGEST = keys.ingest("invoices")
REJECTED = f"{INGEST}:rejected"

ISSUE: dict[str, Any] = {
    "type": "IssueInvoice",
    "external_number": "INV-2026-0001",
    "customer_id": "C-1001",
    "amount": {"amount": "12000.00", "currency": "CNY"},
    "issue_date": "2026-11-01",
    "due_date": "2026-11-30",
}
PAY: dict[str, Any] = {
    "type": "RecordPayment",
    "payment_id": "BANK-778",
    "external_number": "INV-2026-0001",
    "amount": {"amount": "12000.00", "currency": "CNY"},
    "value_date": "2026-12-03",
}


@dataclass
class Running:
    app: FastAPI
    client: httpx.AsyncClient
    keys: dict[Role, str]

    def as_(self, role: Role) -> dict[str, str]:
        return {"X-API-Key": self.keys[role]}


@asynccontextmanager
async def running(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    """The invoicing app with its lifespan entered, an HTTP client and a key per role."""
    api_keys = {role: await create_api_key(redis, f"test-{role}", role) for role in Role}
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


async def out_events(redis: aioredis.Redis, partitions: int = 4) -> list[Event]:
    """Everything invoicing published, over all partitions of its outbound stream."""
    events: list[Event] = []
    for partition in range(partitions):
        for _, fields in await redis.xrange(keys.outbox(partition, "invoicing")):
            events.append(parse_event(fields[b"__data__"]))
    return events


async def published(
    redis: aioredis.Redis, kind: str, aggregate_id: str | None = None
) -> list[Event]:
    return [
        e
        for e in await out_events(redis)
        if e.type == kind and (aggregate_id is None or e.aggregate_id == aggregate_id)
    ]


async def xadd_json(redis: aioredis.Redis, command: dict[str, Any] | bytes) -> bytes:
    """What an ERP does: ``XADD hk:ingest:invoices * __data__ '<json>'``."""
    data = command if isinstance(command, bytes) else json.dumps(command).encode()
    entry_id: bytes = await redis.xadd(INGEST, {"__data__": data})
    return entry_id


async def drained(redis: aioredis.Redis, stream: str, group: str = "invoicing") -> bool:
    """Every entry of ``stream`` was delivered to ``group`` and acknowledged."""
    last = await redis.xrevrange(stream, count=1)
    groups = await redis.xinfo_groups(stream)
    info = next(g for g in groups if g["name"] == group.encode())
    delivered = not last or info["last-delivered-id"] == last[0][0]
    return delivered and info["pending"] == 0


def issue_body(
    number: str = "INV-1", customer: str = "C-1", amount: str = "100.00"
) -> dict[str, Any]:
    return {
        "external_number": number,
        "customer_id": customer,
        "amount": {"amount": amount, "currency": "CNY"},
        "issue_date": "2026-11-01",
        "due_date": "2026-11-30",
    }


def payment_body(payment_id: str, amount: str, currency: str = "CNY") -> dict[str, Any]:
    return {
        "payment_id": payment_id,
        "amount": {"amount": amount, "currency": currency},
        "value_date": "2026-11-20",
    }
