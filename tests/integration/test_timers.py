from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.timers import TimerPoller, cancel_timer, fire_due, parse_timer, schedule_timer
from shared.kernel.time import to_epoch_ms
from shared.kernel.timer import Timer
from tests.support.redis_server import RedisServer

SVC = "collections"
P = 2
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
MS = timedelta(milliseconds=1)


def timer(timer_id: str, due_at: datetime, **payload: object) -> Timer:
    return Timer(
        timer_id=timer_id,
        kind="dunning_step",
        aggregate_id="debtor-1",
        due_at=due_at,
        payload=payload,
    )


async def due_timers(redis: aioredis.Redis, partition: int = P) -> list[Timer]:
    entries = await redis.xrange(keys.due_stream(partition, SVC))
    for _, fields in entries:
        assert fields[b"timer_id"] == parse_timer(fields[b"__data__"]).timer_id.encode()
    return [parse_timer(fields[b"__data__"]) for _, fields in entries]


@pytest.fixture
async def fresh(redis_server: RedisServer) -> AsyncIterator[list[aioredis.Redis]]:
    """Clients opened after a restart, closed at the end of the test."""
    clients: list[aioredis.Redis] = []
    yield clients
    for client in clients:
        await client.aclose()


def reconnect(redis_server: RedisServer, fresh: list[aioredis.Redis]) -> aioredis.Redis:
    client = aioredis.Redis.from_url(redis_server.url)
    fresh.append(client)
    return client


def test_timer_json_layout() -> None:
    t = timer("t1", T0, step=2)
    assert "data" not in t.model_dump(mode="json")
    assert parse_timer(t.model_dump_json()) == t
    assert t.due_ms == to_epoch_ms(T0)


async def test_fires_at_due_exactly_once(redis: aioredis.Redis) -> None:
    t = timer("t1", T0, step=1)
    await schedule_timer(redis, P, SVC, t)
    assert await fire_due(redis, P, SVC, T0 - MS) == 0
    assert await due_timers(redis) == []
    assert await fire_due(redis, P, SVC, T0) == 1
    assert await fire_due(redis, P, SVC, T0 + timedelta(days=1)) == 0
    assert await due_timers(redis) == [t]
    assert await redis.zcard(keys.timers(P, SVC)) == 0
    assert await redis.hlen(keys.timer_data(P, SVC)) == 0


async def test_key_layout(redis: aioredis.Redis) -> None:
    t = timer("t1", T0)
    await schedule_timer(redis, P, SVC, t)
    assert await redis.zscore(keys.timers(P, SVC), "t1") == to_epoch_ms(T0)
    raw = await redis.hget(keys.timer_data(P, SVC), "t1")
    assert raw == t.model_dump_json().encode()


async def test_cancelled_timer_never_fires(redis: aioredis.Redis) -> None:
    await schedule_timer(redis, P, SVC, timer("t1", T0))
    assert await cancel_timer(redis, P, SVC, "t1") is True
    assert await cancel_timer(redis, P, SVC, "t1") is False
    assert await fire_due(redis, P, SVC, T0 + timedelta(days=365)) == 0
    assert await due_timers(redis) == []


async def test_rescheduling_same_id_replaces(redis: aioredis.Redis) -> None:
    await schedule_timer(redis, P, SVC, timer("t1", T0, version=1))
    later = timer("t1", T0 + timedelta(days=3), version=2)
    await schedule_timer(redis, P, SVC, later)
    assert await redis.zcard(keys.timers(P, SVC)) == 1
    assert await fire_due(redis, P, SVC, T0 + timedelta(days=1)) == 0
    assert await fire_due(redis, P, SVC, T0 + timedelta(days=3)) == 1
    assert await due_timers(redis) == [later]


async def test_partitions_are_independent(redis: aioredis.Redis) -> None:
    await schedule_timer(redis, 0, SVC, timer("t0", T0))
    await schedule_timer(redis, 1, SVC, timer("t1", T0))
    assert await fire_due(redis, 0, SVC, T0) == 1
    assert [t.timer_id for t in await due_timers(redis, 0)] == ["t0"]
    assert await due_timers(redis, 1) == []


async def test_racing_pollers_fire_each_timer_once(redis: aioredis.Redis) -> None:
    for i in range(200):
        await schedule_timer(redis, P, SVC, timer(f"t{i}", T0 + i * MS))
    now = T0 + timedelta(seconds=1)
    counts = await asyncio.gather(*(fire_due(redis, P, SVC, now) for _ in range(20)))
    assert sum(counts) == 200
    fired = await due_timers(redis)
    assert len(fired) == 200
    assert {t.timer_id for t in fired} == {f"t{i}" for i in range(200)}
    assert [t.due_at for t in fired] == sorted(t.due_at for t in fired)


async def test_timers_survive_redis_restart(
    redis: aioredis.Redis, redis_server: RedisServer, fresh: list[aioredis.Redis]
) -> None:
    t = timer("t1", T0 + timedelta(days=5))
    await schedule_timer(redis, P, SVC, t)
    redis_server.restart(hard=True)
    client = reconnect(redis_server, fresh)
    assert await fire_due(client, P, SVC, T0) == 0
    assert await fire_due(client, P, SVC, T0 + timedelta(days=5)) == 1
    assert await fire_due(client, P, SVC, T0 + timedelta(days=6)) == 0
    assert await due_timers(client) == [t]


async def test_fired_timer_does_not_fire_again_after_restart(
    redis: aioredis.Redis, redis_server: RedisServer, fresh: list[aioredis.Redis]
) -> None:
    t = timer("t1", T0)
    await schedule_timer(redis, P, SVC, t)
    assert await fire_due(redis, P, SVC, T0) == 1
    redis_server.restart(hard=True)
    client = reconnect(redis_server, fresh)
    assert await fire_due(client, P, SVC, T0 + timedelta(days=30)) == 0
    assert await due_timers(client) == [t]


async def test_poller_with_simulated_clock_fires_all_partitions(redis: aioredis.Redis) -> None:
    clock = SimulatedClock(redis)
    await clock.set(T0)
    for p in range(4):
        for day in (1, 15, 29):
            await schedule_timer(redis, p, SVC, timer(f"p{p}d{day}", T0 + timedelta(days=day)))
        await schedule_timer(redis, p, SVC, timer(f"p{p}late", T0 + timedelta(days=31)))
    for i in range(250):  # more than one fire batch in a partition
        await schedule_timer(redis, 3, SVC, timer(f"bulk{i}", T0 + timedelta(days=2) + i * MS))
    poller = TimerPoller(redis, SVC, partitions=4, clock=clock, interval_ms=20)
    assert await poller.run_once() == 0
    await clock.advance(timedelta(days=30))
    assert await poller.run_once() == 4 * 3 + 250
    for p in range(4):
        assert {f"p{p}d{d}" for d in (1, 15, 29)} <= {
            t.timer_id for t in await due_timers(redis, p)
        }
        assert await redis.zrange(keys.timers(p, SVC), 0, -1) == [f"p{p}late".encode()]
    assert await poller.run_once() == 0


async def wait_for_due(redis: aioredis.Redis, count: int, partition: int = P) -> None:
    async with asyncio.timeout(10):
        while await redis.xlen(keys.due_stream(partition, SVC)) < count:
            await asyncio.sleep(0.02)


async def test_poller_loop_runs_until_stopped(redis: aioredis.Redis) -> None:
    clock = SimulatedClock(redis)
    await clock.set(T0)
    await schedule_timer(redis, P, SVC, timer("t1", T0 + timedelta(days=30)))
    poller = TimerPoller(redis, SVC, partitions=4, clock=clock, interval_ms=20)
    task = asyncio.create_task(poller.run())
    await asyncio.sleep(0.1)
    assert await redis.xlen(keys.due_stream(P, SVC)) == 0
    await clock.advance(timedelta(days=30))
    await wait_for_due(redis, 1)
    poller.stop()
    await asyncio.wait_for(task, 2)
    assert len(await due_timers(redis)) == 1


async def test_poller_survives_redis_restart(
    redis: aioredis.Redis, redis_server: RedisServer, fresh: list[aioredis.Redis]
) -> None:
    poller_client = reconnect(redis_server, fresh)
    clock = SimulatedClock(poller_client)
    await clock.set(T0)
    poller = TimerPoller(poller_client, SVC, partitions=4, clock=clock, interval_ms=20)
    task = asyncio.create_task(poller.run())
    await asyncio.sleep(0.1)
    redis_server.kill()
    await asyncio.sleep(0.3)  # the poller hits a dead server a few times
    assert not task.done()
    redis_server.start()
    client = reconnect(redis_server, fresh)
    await schedule_timer(client, P, SVC, timer("t1", T0))
    await wait_for_due(client, 1)
    poller.stop()
    await asyncio.wait_for(task, 10)
    assert [t.timer_id for t in await due_timers(client)] == ["t1"]
