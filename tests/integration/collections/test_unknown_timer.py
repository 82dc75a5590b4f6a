"""A fired timer of a kind collections never schedules is dead-lettered at once, by name."""

from __future__ import annotations

import datetime as dt

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.deadletter import list_dead_letters
from shared.infra.settings import Settings
from shared.kernel import Timer
from tests.integration.collections.harness import drained, eventually, running


async def test_a_timer_of_an_unknown_kind_goes_to_the_dead_letters_with_its_reason(
    redis: aioredis.Redis, settings: Settings
) -> None:
    timer = Timer(timer_id="odd:C-1", kind="mystery", aggregate_id="C-1",
                  due_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))  # fmt: skip
    stream = keys.due_stream(keys.partition_of("C-1", settings.partitions), "collections")
    async with running(settings, redis):
        await redis.xadd(stream, {"__data__": timer.model_dump_json()})
        [letter] = await eventually(lambda: list_dead_letters(redis, "collections"))
        await eventually(lambda: drained(redis, stream))

    assert (
        letter.error == "unparseable: UnknownTimerKind: collections has no timers of kind 'mystery'"
    )
    assert letter.deliveries == 1
