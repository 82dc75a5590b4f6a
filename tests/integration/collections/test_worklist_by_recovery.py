"""The worklist ranked by expected recovery: the real collections app asks the real analytics
app (served over HTTP, the internal key) for its recovery prediction, on the simulated clock.

History analytics learns from (bucket rates: too little history for a model):
    H-1, H-2  1,000.00 due 31 Jan 2026, paid 10 and 20 Feb  → recovered from 1–30 days
    H-3       1,000.00 due 31 Dec 2025, never paid           → not recovered (1–30, 181–365)
Debtors overdue on 4 Dec 2026:
    C-OLD   200,000.00 due 1 Feb 2026 (306 days) → seen in 1–30 and 181–365, never paid
    C-NEW    20,000.00 due 30 Nov 2026 (4 days)
Bucket rates: 1–30 = 2 of 4 (H-1, H-2 of H-1, H-2, H-3, C-OLD) = 0.5; 181–365 = 0 of 2.
Expected recovery: C-NEW 0.5 × 20,000 = 10,000.00; C-OLD and H-3 0 → by the default score.
The default score ranks C-OLD first (200,000 × 0.8 / (1 + 306/90) beats 20,000 × 0.8 × …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import redis.asyncio as aioredis

from services.analytics.app import build as build_analytics
from shared.contracts import Event
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.analytics.test_projection import drained as analytics_drained
from tests.integration.collections.harness import Running, Upstream, eventually, running
from tests.integration.notifications.harness import http_server
from tests.support.apps import api_key
from tests.support.redis_server import free_port
from tests.unit.collections.given import Invoices, registered

NOW = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)


def history() -> list[Event]:
    events: list[Event] = []
    for customer, due, paid in (
        ("H-1", dt.date(2026, 1, 31), dt.date(2026, 2, 10)),
        ("H-2", dt.date(2026, 1, 31), dt.date(2026, 2, 20)),
        ("H-3", dt.date(2025, 12, 31), None),
    ):
        inv = Invoices(customer)
        events += [registered(customer), inv.issue(f"INV-{customer}", "1000.00", due=due)]
        if paid is not None:
            events += inv.pay(f"INV-{customer}", "1000.00", value_date=paid)
        else:
            events.append(inv.miss(f"INV-{customer}"))
    for customer, amount, due in (
        ("C-OLD", "200000.00", dt.date(2026, 2, 1)),
        ("C-NEW", "20000.00", dt.date(2026, 11, 30)),
    ):
        inv = Invoices(customer)
        events += [registered(customer), inv.issue(f"INV-{customer}", amount, due=due)]
        events.append(inv.miss(f"INV-{customer}"))
    return events


async def listed(svc: Running, count: int) -> Any:
    page = (await svc.client.get("/worklist", headers=svc.as_(Role.COLLECTOR))).json()
    return page if page["total"] == count else None


def ranking(svc: Running) -> Callable[[], Awaitable[httpx.Response]]:
    async def ask() -> httpx.Response:
        params = {"rank": "expected_recovery"}
        return await svc.client.get("/worklist", params=params, headers=svc.as_(Role.COLLECTOR))

    return ask


async def test_the_worklist_ranks_by_expected_recovery_from_analytics_with_its_factors(
    redis: aioredis.Redis, settings: Settings
) -> None:
    await SimulatedClock(redis).set(NOW)
    simulated = settings.model_copy(update={"clock": "simulated"})
    internal = await api_key(redis, "collections-service", Role.INTERNAL)
    upstream = Upstream(redis, settings.partitions)
    await upstream.publish(*history())
    with http_server(build_analytics(simulated), lifespan="on") as analytics_url:
        wired = simulated.model_copy(
            update={"analytics_url": analytics_url, "internal_api_key": internal}
        )
        async with running(wired, redis) as svc:
            default = await eventually(lambda: listed(svc, 3), timeout=120)
            await eventually(lambda: analytics_drained(redis, settings.partitions), timeout=120)
            answer = await eventually(_ok(ranking(svc)), timeout=120)
            paged = await svc.client.get(
                "/worklist",
                params={"rank": "expected_recovery", "offset": 1, "limit": 1},
                headers=svc.as_(Role.COLLECTOR),
            )

    assert [e["customer_id"] for e in default["entries"]] == ["C-OLD", "C-NEW", "H-3"]
    ranked = answer["entries"]
    assert answer["rank"] == "expected_recovery" and answer["total"] == 3
    assert [e["customer_id"] for e in ranked] == ["C-NEW", "C-OLD", "H-3"]
    new, old, _ = (e["recovery"] for e in ranked)
    assert new == {
        "probability": "0.5000",
        "expected_recovery": {"amount": "10000.00", "currency": "CNY"},
        "method": "bucket_rates",
        "as_of": "2026-12-04",
        "factors": {"bucket 1-30": "0.5000"},
    }
    assert old["probability"] == "0.0000" and old["factors"] == {"bucket 181-365": "0.0000"}
    assert old["expected_recovery"] == {"amount": "0.00", "currency": "CNY"}
    assert ranked[0]["overdue"] == {"amount": "20000.00", "currency": "CNY"}  # collections' own
    assert [e["customer_id"] for e in paged.json()["entries"]] == ["C-OLD"]


def _ok(ask: Callable[[], Awaitable[httpx.Response]]) -> Callable[[], Awaitable[Any]]:
    async def check() -> Any:
        response = await ask()
        return response.json() if response.status_code == 200 else None  # 503 while loading

    return check


async def test_without_analytics_the_option_answers_503_with_the_reason_and_the_default_works(
    redis: aioredis.Redis, settings: Settings
) -> None:
    await SimulatedClock(redis).set(NOW)
    simulated = settings.model_copy(update={"clock": "simulated"})
    await Upstream(redis, settings.partitions).publish(*history())
    nobody = simulated.model_copy(update={"analytics_url": f"http://127.0.0.1:{free_port()}"})
    async with running(nobody, redis) as svc:
        default = await eventually(lambda: listed(svc, 3), timeout=120)
        unreachable = await ranking(svc)()
    async with running(simulated, redis) as svc:  # HUIKUAN_ANALYTICS_URL unset
        unset = await ranking(svc)()
        still = await svc.client.get("/worklist", headers=svc.as_(Role.COLLECTOR))

    assert [e["customer_id"] for e in default["entries"]] == ["C-OLD", "C-NEW", "H-3"]
    assert unreachable.status_code == 503
    body = unreachable.json()
    assert body["error"] == "recovery_prediction_unavailable"
    assert "analytics is unreachable" in body["detail"]
    assert unset.status_code == 503
    assert "HUIKUAN_ANALYTICS_URL is unset" in unset.json()["detail"]
    assert still.status_code == 200 and still.json()["total"] == 3
