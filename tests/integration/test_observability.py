from __future__ import annotations

import uuid

import httpx
import redis.asyncio as aioredis
from fastapi import FastAPI

from shared.infra.metrics import EVENTS_HANDLED
from shared.web.health import health_router
from tests.support.redis_server import free_port


def app_with(redis: aioredis.Redis, *, ready: bool) -> FastAPI:
    app = FastAPI()
    app.state.redis = redis
    app.state.ready = ready
    app.include_router(health_router("collections"))
    return app


async def get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


async def test_healthz_answers_ok_even_before_the_service_is_ready(redis: aioredis.Redis) -> None:
    response = await get(app_with(redis, ready=False), "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "collections"}


async def test_readyz_is_unavailable_while_the_service_is_not_ready(redis: aioredis.Redis) -> None:
    response = await get(app_with(redis, ready=False), "/readyz")
    assert response.status_code == 503
    assert response.json()["reason"]


async def test_readyz_is_ok_when_ready_and_redis_answers(redis: aioredis.Redis) -> None:
    response = await get(app_with(redis, ready=True), "/readyz")
    assert response.status_code == 200


async def test_readyz_is_unavailable_when_redis_is_unreachable() -> None:
    unreachable = aioredis.Redis(port=free_port(), socket_connect_timeout=0.2)
    try:
        response = await get(app_with(unreachable, ready=True), "/readyz")
    finally:
        await unreachable.aclose()
    assert response.status_code == 503
    assert "redis" in response.json()["reason"]


async def test_readyz_is_unavailable_while_redis_refuses_writes_and_ready_again_after(
    redis: aioredis.Redis,
) -> None:
    """Redis answers PING but is out of memory (noeviction): the service cannot work."""
    app = app_with(redis, ready=True)
    used = int((await redis.info("memory"))["used_memory"])
    await redis.config_set("maxmemory", max(used // 2, 1))
    try:
        assert await redis.ping()
        refused = await get(app, "/readyz")
    finally:
        await redis.config_set("maxmemory", 0)
    assert refused.status_code == 503
    assert "refuses writes" in refused.json()["reason"]
    assert (await get(app, "/readyz")).status_code == 200


async def test_metrics_expose_handled_events(redis: aioredis.Redis) -> None:
    event_type = f"InvoiceIssued{uuid.uuid4().hex[:8]}"
    EVENTS_HANDLED.labels(service="collections", type=event_type, outcome="ok").inc()

    response = await get(app_with(redis, ready=True), "/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    labels = f'outcome="ok",service="collections",type="{event_type}"'
    sample = f"huikuan_events_handled_total{{{labels}}} 1.0"
    assert sample in response.text.splitlines()
