"""Consumer names left behind by stopped processes leave the group once idle and empty."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from shared.infra.bus import ensure_group
from shared.infra.stale_consumers import remove_stale_consumers

STREAM, GROUP = "hk:{p00}:out:invoicing", "collections"


async def names(redis: aioredis.Redis) -> set[str]:
    return {c["name"].decode() for c in await redis.xinfo_consumers(STREAM, GROUP)}


async def test_idle_names_without_pending_entries_are_removed_and_the_others_kept(
    redis: aioredis.Redis,
) -> None:
    await ensure_group(redis, STREAM, GROUP)
    for n in range(3):
        await redis.xadd(STREAM, {"__data__": f'{{"n":{n}}}'})
    # gone-empty read and acked everything; gone-holding crashed with an entry pending
    [[_, [(first, _)]]] = await redis.xreadgroup(GROUP, "gone-empty", {STREAM: ">"}, count=1)
    await redis.xack(STREAM, GROUP, first)
    await redis.xreadgroup(GROUP, "gone-holding", {STREAM: ">"}, count=1)
    await redis.xgroup_createconsumer(STREAM, GROUP, "me")
    await asyncio.sleep(0.3)
    await redis.xgroup_createconsumer(STREAM, GROUP, "recent")

    removed = await remove_stale_consumers(redis, [STREAM], GROUP, idle_ms=250, keep="me")

    assert removed == [(STREAM, "gone-empty")]
    assert await names(redis) == {"gone-holding", "me", "recent"}
    [pending] = await redis.xpending_range(STREAM, GROUP, "-", "+", 10)
    assert pending["consumer"] == b"gone-holding"  # its entry is still there to reclaim
