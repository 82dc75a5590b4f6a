"""Bus, timer and Redis gauges on ``/metrics``, refreshed in the background.

Every ``HUIKUAN_GAUGES_INTERVAL_S`` each service process reads, for its own service: the
lag and pending count of its group on every stream it follows, its dead letters, its
timers due and overdue, the length of its outbound streams, and every Redis master's used
and maximum memory. (Prometheus scrapes every replica: the rules take ``max``.) Labels are
service, group, stream and node names only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

import redis.asyncio as aioredis
import structlog
from prometheus_client import Gauge
from redis.exceptions import ResponseError

from shared.infra import keys
from shared.infra.connection import masters_info
from shared.kernel.time import to_epoch_ms

log = structlog.get_logger("metrics")
OVERDUE_AFTER_MS = 60_000

CONSUMER_LAG = Gauge("huikuan_consumer_lag", "Entries not yet delivered to the group "
                     "(XINFO GROUPS lag).", ["service", "group", "stream"])  # fmt: skip
CONSUMER_PENDING = Gauge("huikuan_consumer_pending", "Entries delivered to the group and not "
                         "acknowledged.", ["service", "group", "stream"])  # fmt: skip
DEAD_LETTERS = Gauge("huikuan_dead_letters", "Entries waiting in the service's dead-letter "
                     "stream.", ["service"])  # fmt: skip
TIMERS_DUE = Gauge("huikuan_timers_due", "Timers whose time has come and which have not "
                   "fired yet.", ["service"])  # fmt: skip
TIMERS_OVERDUE = Gauge("huikuan_timers_overdue", "Timers more than a minute past their time "
                       "and not fired.", ["service"])  # fmt: skip
STREAM_LENGTH = Gauge("huikuan_stream_length", "Entries in the service's outbound streams.",
                      ["service", "stream"])  # fmt: skip
REDIS_USED = Gauge("huikuan_redis_used_memory_bytes", "used_memory of each Redis master.",
                   ["node"])  # fmt: skip
REDIS_MAX = Gauge("huikuan_redis_maxmemory_bytes", "maxmemory of each Redis master (0: none).",
                  ["node"])  # fmt: skip


async def refresh_gauges(
    redis: aioredis.Redis, service: str, followed: list[str], partitions: int, now_ms: int
) -> None:
    """Read every gauge once (see the module doc)."""
    for stream in followed:
        try:
            groups = await redis.xinfo_groups(stream)
        except ResponseError:  # the stream does not exist yet
            continue
        for group in groups:
            if _text(group["name"]) == service:
                lag = group.get("lag")
                CONSUMER_LAG.labels(service, service, stream).set(int(lag or 0))
                CONSUMER_PENDING.labels(service, service, stream).set(int(group["pending"]))
    DEAD_LETTERS.labels(service).set(await redis.xlen(keys.dead_letter(service)))
    due = overdue = 0
    for partition in range(partitions):
        timers = keys.timers(partition, service)
        due += await redis.zcount(timers, "-inf", now_ms)
        overdue += await redis.zcount(timers, "-inf", now_ms - OVERDUE_AFTER_MS)
        outbox = keys.outbox(partition, service)
        STREAM_LENGTH.labels(service, outbox).set(await redis.xlen(outbox))
    TIMERS_DUE.labels(service).set(due)
    TIMERS_OVERDUE.labels(service).set(overdue)
    for node, memory in (await masters_info(redis, "memory")).items():
        REDIS_USED.labels(node).set(int(memory.get("used_memory", 0)))
        REDIS_MAX.labels(node).set(int(memory.get("maxmemory", 0)))


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


async def refresh_gauges_forever(
    redis: aioredis.Redis, service: str, followed: list[str], partitions: int,
    now: Callable[[], Awaitable[datetime]], interval_s: float,
) -> None:  # fmt: skip
    """Refresh every ``interval_s`` until cancelled; a failed round is logged and retried."""
    while True:
        try:
            at = to_epoch_ms(await now())
            await refresh_gauges(redis, service, followed, partitions, at)
        except Exception as exc:
            log.warning("gauges_refresh_failed", error=type(exc).__name__)
        task = asyncio.current_task()
        if task is not None and task.cancelling():  # redis-py may swallow a cancellation
            raise asyncio.CancelledError
        await asyncio.sleep(interval_s)
