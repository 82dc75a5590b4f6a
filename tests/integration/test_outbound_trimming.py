"""Outbound streams are trimmed below what every consumer group still needs, never below
the retention floor, never without a group; aggregate streams are not touched."""

from __future__ import annotations

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.eventstore_trim import StreamTrimmer, produced_streams

STREAM = keys.outbox(0, "trimtest")


async def fill(redis: aioredis.Redis, n: int, stream: str = STREAM) -> list[bytes]:
    return [await redis.xadd(stream, {"__data__": f'{{"n": {i}}}'}) for i in range(n)]


async def read(redis: aioredis.Redis, group: str, count: int) -> list[bytes]:
    got = await redis.xreadgroup(group, f"{group}-1", {STREAM: ">"}, count=count)
    return [entry_id for entry_id, _ in got[0][1]] if got else []


async def test_entries_every_group_acknowledged_go_and_what_a_group_still_needs_stays(
    redis: aioredis.Redis,
) -> None:
    ids = await fill(redis, 50)
    for group in ("collections", "erp"):
        await redis.xgroup_create(STREAM, group, id="0")
    done = await read(redis, "collections", 50)
    await redis.xack(STREAM, "collections", *done)  # collections: everything handled
    erp = await read(redis, "erp", 30)
    await redis.xack(STREAM, "erp", *erp[:10], *erp[20:])  # erp: 10..19 still pending

    removed = await StreamTrimmer(redis, [STREAM], retain_s=0).trim(STREAM)

    remaining = [entry_id for entry_id, _ in await redis.xrange(STREAM)]
    assert removed == 10 and remaining == ids[10:]  # from erp's oldest pending on
    reclaimed = await redis.xclaim(STREAM, "erp", "erp-2", 0, erp[10:20])
    assert [entry_id for entry_id, fields in reclaimed if fields] == erp[10:20]

    await redis.xack(STREAM, "erp", *erp[10:20])
    assert await StreamTrimmer(redis, [STREAM], retain_s=0).trim(STREAM) == 20  # up to erp's read
    assert [entry_id for entry_id, _ in await redis.xrange(STREAM)] == ids[30:]


async def test_nothing_goes_without_a_group_or_inside_the_retention_floor(
    redis: aioredis.Redis,
) -> None:
    await fill(redis, 20)
    assert await StreamTrimmer(redis, [STREAM], retain_s=0).trim(STREAM) == 0  # no group
    await redis.xgroup_create(STREAM, "collections", id="0")
    await redis.xack(STREAM, "collections", *await read(redis, "collections", 20))
    assert await StreamTrimmer(redis, [STREAM], retain_s=3600).trim(STREAM) == 0  # all young
    assert await redis.xlen(STREAM) == 20
    assert await StreamTrimmer(redis, ["hk:{p00}:out:none"], retain_s=0).trim_all() == 0


async def test_a_service_trims_its_outbound_and_due_streams_only() -> None:
    streams = produced_streams("collections", 2)
    assert streams == [
        "hk:{p00}:out:collections", "hk:{p01}:out:collections",
        "hk:{p00}:due:collections", "hk:{p01}:due:collections",
    ]  # fmt: skip
    assert not any(":es:" in stream for stream in streams)
