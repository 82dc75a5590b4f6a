"""Removing consumer names nobody uses any more from a service's groups.

Every process joins its groups under a name of its own (``bus.consumer_name``), so every
restart or rescheduled pod leaves a name behind. A name idle longer than
``HUIKUAN_STALE_CONSUMER_IDLE_S`` and holding no pending entries is deleted (XGROUP
DELCONSUMER). A name that still holds pending entries is kept: deleting it would drop
them from the group's pending list; the reclaimer takes them over first, and the name is
removed on a later round.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import redis.asyncio as aioredis
import structlog
from redis.exceptions import ResponseError

log = structlog.get_logger("bus")


async def remove_stale_consumers(
    redis: aioredis.Redis, streams: Iterable[str], group: str, idle_ms: int, keep: str
) -> list[tuple[str, str]]:
    """Delete the idle, empty consumer names of ``group``; returns (stream, name) removed."""
    removed = []
    for stream in streams:
        try:
            consumers = await redis.xinfo_consumers(stream, group)
        except ResponseError:  # no such stream or group (yet)
            continue
        for consumer in consumers:
            name = consumer["name"]
            name = name.decode() if isinstance(name, bytes) else str(name)
            if name == keep or int(consumer["pending"]) or int(consumer["idle"]) < idle_ms:
                continue
            await redis.xgroup_delconsumer(stream, group, name)
            removed.append((stream, name))
    if removed:
        log.info("stale_consumers_removed", group=group, count=len(removed))
    return removed


async def remove_stale_consumers_forever(
    redis: aioredis.Redis, streams: list[str], group: str, idle_s: float, keep: str
) -> None:
    """Every quarter of ``idle_s`` (at most every 10 minutes) until cancelled."""
    while True:
        try:
            await remove_stale_consumers(redis, streams, group, int(idle_s * 1000), keep)
        except Exception as exc:
            log.warning("stale_consumers_failed", group=group, error=type(exc).__name__)
        task = asyncio.current_task()
        if task is not None and task.cancelling():  # redis-py may swallow a cancellation
            raise asyncio.CancelledError  # or turn it into a TimeoutError: stop all the same
        await asyncio.sleep(min(idle_s / 4, 600))
