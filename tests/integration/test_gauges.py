"""The bus, timer and Redis gauges on /metrics say what Redis holds at the moment."""

from __future__ import annotations

import redis.asyncio as aioredis
from prometheus_client.parser import text_string_to_metric_families

from services.collections.app import build
from shared.infra import keys
from shared.infra.deadletter import write_dead_letter
from shared.infra.gauges import TIMERS_DUE, TIMERS_OVERDUE, refresh_gauges
from shared.infra.settings import Settings
from tests.support.apps import eventually, running_app

SERVICE = "collections"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_lag_pending_dead_letters_timers_and_memory_are_shown(
    redis: aioredis.Redis, settings: Settings
) -> None:
    await redis.config_set("maxmemory", "512mb")
    followed = keys.outbox(1, "invoicing")
    # Timers are read, not fired: the poller sleeps for the whole test.
    quick = settings.model_copy(
        update={"gauges_interval_s": 0.1, "timer_poll_interval_ms": 600_000}
    )
    by_stream = (("group", SERVICE), ("service", SERVICE), ("stream", followed))
    async with running_app(build, quick, redis) as running:
        for _ in range(3):  # unparseable: read, dead-lettered at once, acknowledged
            await redis.xadd(followed, {"__data__": b"{}"})
        await write_dead_letter(redis, SERVICE, followed, b"1-1", b"{}", "boom", 5)

        async def shown() -> dict[tuple[str, tuple[tuple[str, str], ...]], float] | None:
            seen = samples((await running.client.get("/metrics")).text)
            dead = seen.get(("huikuan_dead_letters", (("service", SERVICE),)))
            pending = seen.get(("huikuan_consumer_pending", by_stream))
            lag = seen.get(("huikuan_consumer_lag", by_stream))
            return seen if (dead, pending, lag) == (4, 0, 0) else None  # all handled

        seen = await eventually(shown)
    await redis.config_set("maxmemory", "0")
    assert seen[("huikuan_timers_due", (("service", SERVICE),))] == 0  # the poller fires them
    assert (
        seen[("huikuan_stream_length", (("service", SERVICE), ("stream", keys.outbox(0, SERVICE))))]
        == 0
    )
    [(node_labels, maximum)] = [(k[1], v) for k, v in seen.items()
                                if k[0] == "huikuan_redis_maxmemory_bytes"]  # fmt: skip
    assert maximum == 512 * 1024 * 1024
    used = seen[("huikuan_redis_used_memory_bytes", node_labels)]
    assert 0 < used < maximum


async def test_timers_due_and_overdue_are_counted_against_the_clock(
    redis: aioredis.Redis,
) -> None:
    now = 1_800_000_000_000
    await redis.zadd(keys.timers(2, SERVICE), {"late": now - 61_000, "just-due": now - 30_000})
    await redis.zadd(keys.timers(3, SERVICE), {"future": now + 1000, "late-too": now - 3_600_000})

    await refresh_gauges(redis, SERVICE, [], 4, now)

    assert TIMERS_DUE.labels(SERVICE)._value.get() == 3
    assert TIMERS_OVERDUE.labels(SERVICE)._value.get() == 2
