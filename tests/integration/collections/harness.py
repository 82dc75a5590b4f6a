"""Running the collections app against the session's Redis, fed as invoicing would feed it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import redis.asyncio as aioredis

from services.collections.app import build
from shared.contracts import Event, encode_event
from shared.infra import keys
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.support import apps
from tests.support.apps import eventually as eventually  # re-exported for the tests

T = TypeVar("T")


class Running(apps.Running):
    async def debtor(self, customer_id: str, role: Role = Role.COLLECTOR) -> dict[str, Any]:
        response = await self.client.get(f"/debtors/{customer_id}", headers=self.as_(role))
        return response.json() if response.status_code == 200 else {}


@asynccontextmanager
async def running(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    """The collections app with its lifespan entered, an HTTP client and a key per role."""
    async with apps.running_app(build, settings, redis) as svc:
        yield Running(svc.app, svc.client, svc.keys)


class Upstream:
    """Publishes facts the way invoicing and customers do: appended to their own aggregate
    streams, and with that to their outbound streams ``hk:{pNN}:out:<service>``."""

    def __init__(self, redis: aioredis.Redis, partitions: int) -> None:
        self.redis, self.partitions = redis, partitions
        self.stores = {s: EventStore(redis, s, partitions) for s in ("invoicing", "customers")}

    async def publish(self, *events: Event) -> None:
        for event in events:
            store = self.stores[event.producer]
            kind = "invoice" if event.producer == "invoicing" else "customer"
            ref = StreamRef(kind, event.aggregate_id, getattr(event, "customer_id", ""))
            loaded = await store.load(ref)
            await store.append(AppendRequest(ref, loaded.version, [event], loaded.last_hash))

    async def republish(self, event: Event, customer_id: str) -> bytes:
        """The very same entry once more on the outbound stream (a producer's retry)."""
        stream = self.outbox(event.producer, customer_id)
        entry_id: bytes = await self.redis.xadd(stream, {"__data__": encode_event(event)})
        return entry_id

    def outbox(self, service: str, customer_id: str) -> str:
        return keys.outbox(keys.partition_of(customer_id, self.partitions), service)


async def collections_out(redis: aioredis.Redis, partitions: int = 4) -> list[Event]:
    """Everything collections published, over all partitions of its outbound stream."""
    return await apps.outbound_events(redis, "collections", partitions)


async def published(redis: aioredis.Redis, kind: str) -> list[Event]:
    return [e for e in await collections_out(redis) if e.type == kind]


async def drained(redis: aioredis.Redis, stream: str, group: str = "collections") -> bool:
    """Every entry of ``stream`` was delivered to ``group`` and acknowledged."""
    last = await redis.xrevrange(stream, count=1)
    groups = await redis.xinfo_groups(stream)
    info = next(g for g in groups if g["name"] == group.encode())
    delivered = not last or info["last-delivered-id"] == last[0][0]
    return delivered and info["pending"] == 0
