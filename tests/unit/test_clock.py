from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.clock import (
    ClockCannotGoBack,
    FixedClock,
    SimulatedClock,
    SimulatedClockForbidden,
    SystemClock,
    clock_from_settings,
)
from shared.infra.settings import Settings
from shared.kernel.time import from_epoch_ms, to_epoch_ms
from tests.support.redis_server import RedisServer

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


async def test_fixed_clock_stands_still_and_advances() -> None:
    clock = FixedClock(T0)
    assert await clock.now() == T0
    assert await clock.now() == T0
    assert clock.advance(timedelta(days=2)) == T0 + timedelta(days=2)
    assert await clock.now() == T0 + timedelta(days=2)


async def test_fixed_clock_cannot_go_back() -> None:
    clock = FixedClock(T0)
    with pytest.raises(ClockCannotGoBack):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ClockCannotGoBack):
        clock.set(T0 - timedelta(minutes=1))
    assert await clock.now() == T0


async def test_fixed_clock_is_utc() -> None:
    shanghai = timezone(timedelta(hours=8))
    clock = FixedClock(datetime(2025, 3, 1, 17, 30, tzinfo=shanghai))
    now = await clock.now()
    assert now == T0
    assert now.utcoffset() == timedelta(0)
    with pytest.raises(ValueError):
        FixedClock(datetime(2025, 3, 1))


async def test_system_clock_is_aware_utc() -> None:
    now = await SystemClock().now()
    assert now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_epoch_ms_round_trip() -> None:
    instant = datetime(2025, 3, 1, 9, 30, 0, 123000, tzinfo=UTC)
    assert from_epoch_ms(to_epoch_ms(instant)) == instant
    assert to_epoch_ms(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1000


async def test_simulated_clock_initialises_to_real_time(redis: aioredis.Redis) -> None:
    before = datetime.now(UTC) - timedelta(milliseconds=1)
    now = await SimulatedClock(redis).now()
    assert before <= now <= datetime.now(UTC)
    assert now.microsecond % 1000 == 0
    assert int(await redis.get(keys.SIM_CLOCK)) == to_epoch_ms(now)
    assert await SimulatedClock(redis).now() == now


async def test_simulated_clock_is_shared_between_clients(
    redis: aioredis.Redis, redis_server: RedisServer
) -> None:
    other = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        first, second = SimulatedClock(redis), SimulatedClock(other)
        await first.set(T0)
        assert await second.now() == T0
        assert await second.advance(timedelta(days=30)) == T0 + timedelta(days=30)
        assert await first.now() == T0 + timedelta(days=30)
    finally:
        await other.aclose()


async def test_simulated_clock_advance_on_unset_starts_from_real_time(
    redis: aioredis.Redis,
) -> None:
    new = await SimulatedClock(redis).advance(timedelta(days=1))
    assert abs(new - (datetime.now(UTC) + timedelta(days=1))) < timedelta(seconds=5)


async def test_simulated_clock_cannot_go_back(redis: aioredis.Redis) -> None:
    clock = SimulatedClock(redis)
    await clock.set(T0)
    with pytest.raises(ClockCannotGoBack):
        await clock.advance(timedelta(milliseconds=-1))
    with pytest.raises(ClockCannotGoBack):
        await clock.set(T0 - timedelta(seconds=1))
    assert await clock.now() == T0
    await clock.set(T0)  # standing still is fine
    assert await clock.set(T0 + timedelta(hours=1)) == T0 + timedelta(hours=1)


async def test_concurrent_advances_all_count(redis: aioredis.Redis) -> None:
    clock = SimulatedClock(redis)
    await clock.set(T0)
    await asyncio.gather(*(clock.advance(timedelta(hours=1)) for _ in range(24)))
    assert await clock.now() == T0 + timedelta(days=1)


def test_clock_from_settings() -> None:
    assert isinstance(clock_from_settings(Settings(clock="system"), None), SystemClock)
    sim = clock_from_settings(Settings(clock="simulated", environment="test"), object())  # type: ignore[arg-type]
    assert isinstance(sim, SimulatedClock)
    with pytest.raises(SimulatedClockForbidden):
        clock_from_settings(Settings(clock="simulated", environment="production"), None)
    prod = Settings(clock="system", environment="production")
    assert isinstance(clock_from_settings(prod, None), SystemClock)
