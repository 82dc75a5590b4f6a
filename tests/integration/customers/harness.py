"""Running the customers app against the session's Redis, and reading what it stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import redis.asyncio as aioredis

from services.customers.app import build
from shared.contracts import Event
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.support import apps

INTEGRATION, COLLECTOR, AUDITOR, ADMIN, INTERNAL = (
    Role.INTEGRATION, Role.COLLECTOR, Role.AUDITOR, Role.ADMIN, Role.INTERNAL,
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


HOLD = {"reason": "litigation", "reference": "(2026)沪0105民初1234号"}
ERASURE = {"basis": "data_subject_request", "reference": "DSR-2026-0042"}


class Running(apps.Running):
    async def register(self, body: dict[str, Any] | None = None) -> httpx.Response:
        return await self.client.post(
            "/customers", json=body or registration(), headers=self.as_(INTEGRATION)
        )

    async def hold(self, customer_id: str = "C-1001", **body: Any) -> httpx.Response:
        return await self.client.put(
            f"/customers/{customer_id}/legal-hold", json=body or HOLD, headers=self.as_(ADMIN)
        )

    async def lift(self, customer_id: str = "C-1001") -> httpx.Response:
        return await self.client.delete(
            f"/customers/{customer_id}/legal-hold", headers=self.as_(ADMIN)
        )

    async def erase(self, customer_id: str = "C-1001", **body: Any) -> httpx.Response:
        return await self.client.post(
            f"/customers/{customer_id}/erasure", json=body or ERASURE, headers=self.as_(ADMIN)
        )

    async def profile(self, customer_id: str = "C-1001") -> httpx.Response:
        return await self.client.get(f"/customers/{customer_id}", headers=self.as_(AUDITOR))


@asynccontextmanager
async def running(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    """The customers app with its lifespan entered, an HTTP client and a key per role."""
    async with apps.running_app(build, settings, redis) as svc:
        yield Running(svc.app, svc.client, svc.keys)


async def published(redis: aioredis.Redis, partitions: int = 4) -> list[Event]:
    """Everything customers published, over all partitions of ``hk:{pNN}:out:customers``."""
    return await apps.outbound_events(redis, "customers", partitions)


async def dump(redis: aioredis.Redis, skip_prefix: bytes | None = None) -> bytes:
    """Every key and every value in Redis (but keys under ``skip_prefix``), as one blob."""
    return await apps.dump(redis, skip_prefix)
