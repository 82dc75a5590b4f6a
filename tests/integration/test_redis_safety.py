"""A service refuses to start against a Redis that could lose facts (no AOF, or evicting)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from services.invoicing.app import build
from shared.infra.runtime import UnsafeRedis
from shared.infra.settings import Settings


@pytest.fixture
async def unsafe(redis: aioredis.Redis) -> AsyncIterator[aioredis.Redis]:
    """The session's Redis, made unsafe for one test and restored after it."""
    yield redis
    await redis.config_set("maxmemory-policy", "noeviction")
    await redis.config_set("appendonly", "yes")


async def start(settings: Settings) -> None:
    app = build(settings)
    async with app.router.lifespan_context(app):
        pass


async def test_a_service_refuses_an_evicting_redis_and_says_what_to_set(
    unsafe: aioredis.Redis, settings: Settings
) -> None:
    await unsafe.config_set("maxmemory-policy", "allkeys-lru")
    with pytest.raises(UnsafeRedis, match=r"maxmemory-policy is 'allkeys-lru'.*noeviction"):
        await start(settings)
    assert await unsafe.keys("hk:*") == []  # refused before writing anything


async def test_a_service_refuses_a_redis_without_aof(
    unsafe: aioredis.Redis, settings: Settings
) -> None:
    await unsafe.config_set("appendonly", "no")
    with pytest.raises(UnsafeRedis, match="appendonly is off"):
        await start(settings)


async def test_a_service_starts_against_a_safe_redis(
    redis: aioredis.Redis, settings: Settings
) -> None:
    await start(settings)
