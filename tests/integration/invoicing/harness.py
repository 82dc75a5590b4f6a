"""Running the invoicing app against the session's Redis, and watching what it emits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import redis.asyncio as aioredis

from services.invoicing.app import build
from shared.contracts import Event, encode_event
from shared.infra import keys
from shared.infra.api_keys import Role
from shared.infra.settings import Settings
from tests.support.apps import Running, outbound_events, running_app
from tests.support.apps import eventually as eventually  # re-exported for the tests
from tests.support.factories import customer_registered

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
    "value_date": "2026-11-25",
}


@asynccontextmanager
async def running(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    """The invoicing app with its lifespan entered, an HTTP client and a key per role."""
    async with running_app(build, settings, redis) as svc:
        yield svc


async def register(
    redis: aioredis.Redis, *customer_ids: str, jurisdiction: str = "cn", partitions: int = 4
) -> None:
    """What customers publishes on registration, on its outbound stream: invoicing opens
    the customers' accounts from it (an invoice for an unknown customer is held)."""
    for customer_id in customer_ids:
        event = customer_registered(customer_id, jurisdiction)
        stream = keys.outbox(keys.partition_of(customer_id, partitions), "customers")
        await redis.xadd(stream, {"__data__": encode_event(event)})


async def account_open(svc: Running, customer_id: str) -> bool:
    answer = await svc.client.get(
        f"/customers/{customer_id}/account", headers=svc.as_(Role.AUDITOR)
    )
    return answer.status_code == 200 and bool(answer.json()["opened"])


async def registered(svc: Running, redis: aioredis.Redis, *customer_ids: str) -> None:
    """Register the customers and wait until invoicing has opened their accounts."""
    await register(redis, *customer_ids)
    for customer_id in customer_ids:
        await eventually(lambda c=customer_id: account_open(svc, c), timeout=60)


async def out_events(redis: aioredis.Redis, partitions: int = 4) -> list[Event]:
    """Everything invoicing published, over all partitions of its outbound stream."""
    return await outbound_events(redis, "invoicing", partitions)


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
