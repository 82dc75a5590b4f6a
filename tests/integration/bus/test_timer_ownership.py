"""Processes owning partitions fire the timers of their own partitions only: together every
partition's, none twice, and a process's timer polls do not grow with how many run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.timers import TimerPoller, parse_timer, schedule_timer
from shared.kernel.timer import Timer
from tests.integration.bus.helpers import consuming, eventually
from tests.support.bus_worker import SERVICE
from tests.support.redis_server import RedisServer

SVC = SERVICE  # the service the helpers' consumers belong to
PARTITIONS = 4
LEASE_MS = 3_000  # a heartbeat a second: the newcomer gets its share soon
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


async def ignore(_: object) -> None:
    return None


def review(partition: int) -> Timer:
    return Timer(timer_id=f"review-p{partition}", kind="debtor_review",
                 aggregate_id=f"debtor-{partition}", due_at=T0 + timedelta(days=1),
                 payload={})  # fmt: skip


async def fired_in(redis: aioredis.Redis, partition: int) -> list[str]:
    entries = await redis.xrange(keys.due_stream(partition, SVC))
    return [parse_timer(fields[b"__data__"]).timer_id for _, fields in entries]


async def a_review_due_in_every_partition(
    redis: aioredis.Redis,
) -> tuple[SimulatedClock, tuple[str, ...]]:
    """The clock at T0, a review timer due the next day in each partition; the due streams."""
    clock = SimulatedClock(redis)
    await clock.set(T0)
    for p in range(PARTITIONS):
        await schedule_timer(redis, p, SVC, review(p))
    return clock, tuple(keys.due_stream(p, SVC) for p in range(PARTITIONS))


async def test_two_processes_fire_the_timers_of_the_partitions_each_holds(
    redis: aioredis.Redis, redis_server: RedisServer
) -> None:
    clock, due = await a_review_due_in_every_partition(redis)
    url, leased = redis_server.url, {"partitions": PARTITIONS, "lease_ms": LEASE_MS}
    async with (
        consuming(url, redis, ignore, name="a", streams=due, **leased) as a,
        consuming(url, redis, ignore, name="b", streams=due, **leased) as b,
    ):
        await eventually(
            lambda: len(a.held_partitions() or ()) == len(b.held_partitions() or ()) == 2,
            timeout=60,
        )
        held_a, held_b = a.held_partitions() or [], b.held_partitions() or []
        assert sorted(held_a + held_b) == list(range(PARTITIONS))
        pollers = {
            name: TimerPoller(redis, SVC, PARTITIONS, clock, 20, held=consumer.held_partitions)
            for name, consumer in (("a", a), ("b", b))
        }
        assert await pollers["a"].run_once() == 0  # nothing due yet
        await clock.advance(timedelta(days=2))

        assert await pollers["a"].run_once() == 2
        for p in range(PARTITIONS):  # a's partitions fired, b's still wait for b
            assert await fired_in(redis, p) == ([f"review-p{p}"] if p in held_a else [])
        assert await pollers["b"].run_once() == 2
        assert await pollers["a"].run_once() == 0
        for p in range(PARTITIONS):
            assert await fired_in(redis, p) == [f"review-p{p}"]  # each fired once


async def test_a_process_without_partition_leases_fires_every_partition(
    redis: aioredis.Redis, redis_server: RedisServer
) -> None:
    clock, due = await a_review_due_in_every_partition(redis)
    async with consuming(redis_server.url, redis, ignore, streams=due) as alone:
        assert alone.held_partitions() is None
        poller = TimerPoller(redis, SVC, PARTITIONS, clock, 20, held=alone.held_partitions)
        await clock.advance(timedelta(days=2))
        assert await poller.run_once() == PARTITIONS
