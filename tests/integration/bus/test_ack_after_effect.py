"""An entry is acknowledged only after its handler returned; a failed entry is tried again."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from shared.contracts import Event
from tests.integration.bus.helpers import consuming, eventually, pending, publish
from tests.support.bus_worker import apply_effect, attempt_count, effect_count, record_attempt
from tests.support.factories import invoice_issued
from tests.support.redis_server import RedisServer


async def test_an_entry_stays_pending_while_its_handler_runs_and_is_acked_when_it_returns(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    event = invoice_issued()
    started, release = asyncio.Event(), asyncio.Event()

    async def handler(evt: Event) -> None:
        started.set()
        await release.wait()
        await apply_effect(redis, str(evt.event_id))

    async with consuming(redis_server.url, redis, handler, reclaim_idle_ms=10_000):
        entry_id = await publish(redis, event)
        await asyncio.wait_for(started.wait(), 10)
        [entry] = await pending(redis)
        assert entry["message_id"].decode() == entry_id
        release.set()
        assert await eventually(lambda: _nothing_pending(redis))
    assert await effect_count(redis, str(event.event_id)) == 1


async def test_an_entry_whose_handler_raised_stays_pending_then_is_retried_and_applied_once(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    event = invoice_issued()
    event_id = str(event.event_id)
    failed = asyncio.Event()

    async def handler(evt: Event) -> None:
        await record_attempt(redis, str(evt.event_id))
        await apply_effect(redis, str(evt.event_id))
        if await attempt_count(redis, str(evt.event_id)) == 1:
            failed.set()
            raise RuntimeError("crashed after storing the effect, before the ack")

    async with consuming(redis_server.url, redis, handler, reclaim_idle_ms=1000):
        entry_id = await publish(redis, event)
        await asyncio.wait_for(failed.wait(), 10)
        [entry] = await pending(redis)
        assert entry["message_id"].decode() == entry_id
        assert entry["times_delivered"] == 1
        assert await eventually(lambda: _nothing_pending(redis))
    assert await attempt_count(redis, event_id) == 2
    assert await effect_count(redis, event_id) == 1


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return not await pending(redis)
