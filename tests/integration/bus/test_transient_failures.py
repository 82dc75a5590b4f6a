"""Transient is not poison: an outage delays valid entries, it never dead-letters them.

Only a failure that would recur on the same input counts toward ``dead_letter_after``;
Redis unreachable, out of memory or out of pooled connections, and a dependency being
down, are retried in place (with backoff) for as long as they last.
"""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis
from redis.exceptions import ClusterError, OutOfMemoryError, RedisClusterException, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError

from shared.contracts import Event
from shared.infra.deadletter import list_dead_letters
from shared.infra.transient import TransientError, is_transient
from tests.integration.bus.helpers import (
    DLQ,
    consuming,
    events,
    eventually,
    pending,
    publish,
    publish_raw,
)
from tests.support.bus_worker import (
    SERVICE,
    apply_effect,
    attempt_count,
    effect_count,
    record_attempt,
)
from tests.support.redis_server import RedisServer

DEAD_LETTER_AFTER = 3


async def test_a_handler_failing_far_more_often_than_the_poison_limit_on_a_lost_connection_is_not_dead_lettered(  # noqa: E501
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    event = events(1)[0]
    event_id = str(event.event_id)

    async def handler(evt: Event) -> None:
        await record_attempt(redis, str(evt.event_id))
        if await attempt_count(redis, str(evt.event_id)) <= 4 * DEAD_LETTER_AFTER:
            raise RedisConnectionError("Connection closed by server.")
        await apply_effect(redis, str(evt.event_id))

    async with consuming(redis_server.url, redis, handler, dead_letter_after=DEAD_LETTER_AFTER,
                         transient_backoff_cap_s=0.05):  # fmt: skip
        entry_id = await publish(redis, event)
        assert await eventually(lambda: effect_count(redis, event_id), timeout=30) == 1
        assert await eventually(lambda: _nothing_pending(redis))
    assert await attempt_count(redis, event_id) == 4 * DEAD_LETTER_AFTER + 1
    assert await list_dead_letters(redis, SERVICE) == []
    assert entry_id  # acknowledged after the effect, retried in place: never reclaimed


async def test_an_exhausted_connection_pool_is_retried_in_place_and_every_entry_applied_once(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """Twenty keys at once against a pool of two connections that refuses to wait."""
    tiny = aioredis.Redis(
        connection_pool=aioredis.ConnectionPool.from_url(redis_server.url, max_connections=2)
    )
    published = events(20)
    refused = 0

    async def handler(evt: Event) -> None:
        nonlocal refused
        try:
            await tiny.blpop(["hk:test:never"], timeout=0.05)  # holds a connection a while
        except RedisConnectionError:
            refused += 1
            raise
        await apply_effect(redis, str(evt.event_id))

    try:
        options = {"dead_letter_after": DEAD_LETTER_AFTER, "transient_backoff_cap_s": 0.05}
        async with consuming(
            redis_server.url, redis, handler, key=lambda e: str(e.event_id), **options
        ):
            for evt in published:
                await publish(redis, evt)
            for evt in published:
                assert await eventually(lambda e=evt: effect_count(redis, str(e.event_id))) == 1
            assert await eventually(lambda: _nothing_pending(redis))
    finally:
        await tiny.aclose()
    assert refused > DEAD_LETTER_AFTER, "the pool was never exhausted: the test proves nothing"
    assert await list_dead_letters(redis, SERVICE) == []


async def test_redis_out_of_memory_for_a_while_dead_letters_nothing_and_all_is_applied_after(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """Redis refuses writes (maxmemory reached, noeviction) for many poison windows."""
    published = events(30)
    for evt in published:
        await publish(redis, evt)
    refused, memory_full = 0, asyncio.Event()

    async def handler(evt: Event) -> None:
        nonlocal refused
        await memory_full.wait()
        try:
            await redis.set(f"hk:test:payload:{evt.event_id}", "x" * 2000)
        except Exception as exc:
            assert is_transient(exc), repr(exc)
            refused += 1
            raise
        await apply_effect(redis, str(evt.event_id))

    try:
        async with consuming(redis_server.url, redis, handler, dead_letter_after=DEAD_LETTER_AFTER,
                             transient_backoff_cap_s=0.1):  # fmt: skip
            used = int((await redis.info("memory"))["used_memory"])
            await redis.config_set("maxmemory", max(used // 2, 1))  # below use: no writes
            memory_full.set()
            await eventually(lambda: refused > 5 * DEAD_LETTER_AFTER, timeout=30)
            await redis.config_set("maxmemory", 0)
            for evt in published:
                assert await eventually(lambda e=evt: effect_count(redis, str(e.event_id))) == 1
            assert await eventually(lambda: _nothing_pending(redis))
    finally:
        await redis.config_set("maxmemory", 0)
    assert await list_dead_letters(redis, SERVICE) == []


async def test_a_failure_that_would_recur_on_the_same_input_is_still_dead_lettered(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    event = events(1)[0]

    async def handler(evt: Event) -> None:
        await record_attempt(redis, str(evt.event_id))
        raise ValueError("invoice amount must be positive")

    async with consuming(redis_server.url, redis, handler, dead_letter_after=DEAD_LETTER_AFTER):
        await publish(redis, event)
        [letter] = await eventually(lambda: list_dead_letters(redis, SERVICE))
        assert await eventually(lambda: _nothing_pending(redis))
    assert (letter.error, letter.deliveries) == ("ValueError: invoice amount must be positive", 3)
    assert await attempt_count(redis, str(event.event_id)) == DEAD_LETTER_AFTER


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (RedisConnectionError("Error 111 connecting"), True),
        (TimeoutError(), True),
        (TransientError("customers service unreachable"), True),
        (ConnectionRefusedError(), True),
        (OutOfMemoryError("command not allowed when used memory > 'maxmemory'."), True),
        (ClusterError("TTL exhausted."), True),
        (
            RedisClusterException(
                "Redis Cluster cannot be connected. Please provide at least "
                "one reachable node: Connection refused"
            ),
            True,
        ),
        (RedisClusterException("EVALSHA - all keys must map to the same key slot"), False),
        (ResponseError("NOGROUP No such key"), False),
        (ValueError("bad"), False),
        (KeyError("field"), False),
    ],
)
def test_failures_are_told_apart_by_whether_the_same_input_could_succeed_later(
    error: Exception, transient: bool
) -> None:
    assert is_transient(error) is transient


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return not await pending(redis)


async def test_a_batch_whose_bookkeeping_fails_for_good_leaves_its_reader_reading(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """The dead-letter stream is unwritable (a key of the wrong type: a failure no retry
    mends), so the batch holding an unparseable entry fails beyond its retries. The reader
    must go on: entries published afterwards are handled, and once the key is mended the
    unparseable entry is dead-lettered after all (taken from the pending list once idle)."""
    later = events(3)

    async def handler(evt: Event) -> None:
        await apply_effect(redis, str(evt.event_id))

    await redis.set(DLQ, "not a stream")
    async with consuming(redis_server.url, redis, handler):
        poison = await publish_raw(redis, b"{not json")
        assert await eventually(lambda: _delivered(redis, poison))
        for evt in later:
            await publish(redis, evt)
        for evt in later:
            assert await eventually(lambda e=evt: effect_count(redis, str(e.event_id))) == 1
        await redis.delete(DLQ)
        [letter] = await eventually(lambda: list_dead_letters(redis, SERVICE))
        assert await eventually(lambda: _nothing_pending(redis))
    assert letter.error.startswith("unparseable")


async def _delivered(redis: aioredis.Redis, entry_id: str) -> bool:
    return any(bytes(row["message_id"]).decode() == entry_id for row in await pending(redis))
