"""STOP with the real customers service: consent withdrawn where it lives, one
confirmation, then R3; the planted contact is nowhere in Redis outside its encrypted store.

Both services run in this process against the session's Redis: customers served over real
HTTP (uvicorn, its own start-up), notifications called in-process, a real SMS provider.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis

from services.customers.app import build as build_customers
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.notifications.channel_world import (
    CUSTOMER,
    SHANGHAI,
    FarSide,
    World,
    configured,
    request,
)
from tests.integration.notifications.harness import (
    drained,
    eventually,
    http_server,
    published,
    running,
    service_logs,
)
from tests.integration.notifications.providers import provider_callback
from tests.support.apps import api_key, dump, keys_of

PERSON, EMAIL, PHONE = "Planted Person Qw4", "planted.qw4@mailbox-example.com", "+8613811112222"


def registration() -> dict[str, object]:
    contact = {"name": PERSON, "email": EMAIL, "phone": PHONE, "language": "zh-CN",
               "timezone": "Asia/Shanghai", "role": "debtor_staff",
               "consent": {"email": True, "sms": True}}  # fmt: skip
    return {"customer_id": CUSTOMER, "legal_name": "Planted Buyer Co", "jurisdiction": "cn",
            "currency": "CNY", "contact": contact}  # fmt: skip


@pytest.fixture
async def customers_url(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[str]:
    await SimulatedClock(redis).set(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    config = settings.model_copy(update={"clock": "simulated"})
    with http_server(build_customers(config), lifespan="on") as url:
        yield url


@pytest.fixture
async def real_world(
    settings: Settings, redis: aioredis.Redis, far_side: FarSide, customers_url: str,
    tmp_path: Path,
) -> AsyncIterator[World]:  # fmt: skip
    far_side.customers_url = customers_url
    internal = await keys_of(redis).rotate_internal()  # what notifications presents to customers
    config = configured(settings, far_side, tmp_path).model_copy(
        update={"internal_api_key": internal}
    )
    key = await api_key(redis, "erp", Role.INTEGRATION)
    async with httpx.AsyncClient(base_url=customers_url, headers={"X-API-Key": key}) as client:
        assert (await client.post("/customers", json=registration())).status_code == 201
    async with running(config, redis) as app:
        yield World(config, redis, far_side, app, tmp_path / "letters")


async def consent_of(url: str, redis: aioredis.Redis) -> dict[str, bool]:
    key = await api_key(redis, "reader", Role.AUDITOR)
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}) as client:
        profile = (await client.get(f"/customers/{CUSTOMER}")).json()
    return dict(profile["contacts"][0]["consent"])


async def test_stop_withdraws_consent_in_customers_confirms_once_and_leaves_no_trace(
    real_world: World, customers_url: str
) -> None:
    world = real_world
    with service_logs() as lines:
        await world.publish(request("req-s1", ("sms",)))
        [sent] = await eventually(lambda: published(world.redis, "NotificationSent"))
        key = sent.idempotency_key  # type: ignore[attr-defined]
        for text in ("STOP", "stop"):
            reply = {"type": "reply", "reference": key, "from": PHONE, "text": text}
            assert (await provider_callback(world.app.client, reply)).status_code == 202
        await world.publish(request("req-s2", ("sms",)))
        [suppressed] = await eventually(lambda: published(world.redis, "NotificationSuppressed"))
        await eventually(lambda: drained(world.redis, world.outbox()))

    assert (await consent_of(customers_url, world.redis))["sms"] is False
    assert len(world.far.sms.messages) == 2  # the reminder and one confirmation
    assert (suppressed.rule, suppressed.reason) == ("R3", "opted_out")  # type: ignore[attr-defined]
    blob, logs = await dump(world.redis, skip_prefix=b"hk:customers:pii:"), lines.getvalue()
    assert await world.redis.exists(f"hk:customers:pii:{CUSTOMER}") == 1  # something was planted
    for secret in (PERSON, EMAIL, PHONE, "planted.qw4", "13811112222"):
        assert secret.encode() not in blob and json.dumps(secret).encode() not in blob
        assert secret not in logs
