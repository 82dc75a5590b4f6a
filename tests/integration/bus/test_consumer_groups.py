"""Consumer groups: backlogs are read from the start; replicas share entries, apply each once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis.asyncio as aioredis
from faststream.redis import RedisBroker

from shared.contracts import Event
from shared.infra import keys
from shared.infra.bus import Consumer
from tests.integration.bus.helpers import STREAM, consuming, events, eventually, pending, publish
from tests.support.bus_worker import SERVICE, apply_effect, effect_count
from tests.support.redis_server import RedisServer


async def test_a_backlog_published_before_the_service_ever_started_is_consumed(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    backlog = events(6)
    for evt in backlog:
        await publish(redis, evt)
    assert await redis.xinfo_groups(STREAM) == []
    seen: list[Event] = []

    async def handler(evt: Event) -> None:
        seen.append(evt)
        await apply_effect(redis, str(evt.event_id))

    async with consuming(redis_server.url, redis, handler):
        await eventually(lambda: _all_applied(redis, backlog))
    assert [evt.event_id for evt in seen] == [evt.event_id for evt in backlog]

    while_down = events(3)
    for evt in while_down:
        await publish(redis, evt)
    async with consuming(redis_server.url, redis, handler, name="c1-restarted"):
        await eventually(lambda: _all_applied(redis, while_down))
        assert await eventually(lambda: _nothing_pending(redis))
    assert len(seen) == len(backlog) + len(while_down)


async def test_two_consumers_of_one_group_share_the_entries_and_apply_each_once(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    published = events(30)
    handled_by: Counter[str] = Counter()

    def handler_for(name: str):  # type: ignore[no-untyped-def]
        async def handler(evt: Event) -> None:
            handled_by[name] += 1
            await apply_effect(redis, str(evt.event_id))
            await asyncio.sleep(0.02)  # a busy consumer leaves the next entry to the other

        return handler

    async with (
        consuming(redis_server.url, redis, handler_for("left"), name="left"),
        consuming(redis_server.url, redis, handler_for("right"), name="right"),
    ):
        for evt in published:
            await publish(redis, evt)
            await asyncio.sleep(0.01)
        await eventually(lambda: _all_applied(redis, published))
        assert await eventually(lambda: _nothing_pending(redis))
    assert handled_by["left"] > 0 and handled_by["right"] > 0
    assert handled_by.total() == len(published)
    consumers = {c["name"]: c for c in await redis.xinfo_consumers(STREAM, SERVICE)}
    assert set(consumers) == {b"left", b"right"}


WINDOW_MS, SLOW_S = 600, 0.04
"""The reclaim window of the two tests below, and how long each entry's handler takes.
A consumer keeps its claims fresh every quarter window; an entry is taken from it only
if the process gets no core for most of a window (a claim is refreshed before handling
once half a window old). With 300 ms, a CI run on a slow machine (two test workers, two
CPU hogs) once starved a consumer that long, and one entry was handled twice: the window
is twice that, and the backlogs still span several windows (with claims never refreshed,
the second test fails)."""


async def _all_applied(redis: aioredis.Redis, evts: list[Event]) -> bool:
    counts = [await effect_count(redis, str(evt.event_id)) for evt in evts]
    assert max(counts) <= 1, counts
    return min(counts) == 1


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return not await pending(redis)


async def test_a_backlog_longer_than_the_reclaim_window_is_handled_once_per_entry(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    backlog = events(40)
    for evt in backlog:
        await publish(redis, evt)
    handled: Counter[str] = Counter()

    async def slow_handler(evt: Event) -> None:
        handled[str(evt.event_id)] += 1
        await apply_effect(redis, str(evt.event_id))
        await asyncio.sleep(SLOW_S)  # 40 entries x 40 ms: two reclaim windows and more

    async with consuming(redis_server.url, redis, slow_handler, reclaim_idle_ms=WINDOW_MS):
        await eventually(lambda: _all_applied(redis, backlog), timeout=60)
        assert await eventually(lambda: _nothing_pending(redis))
    assert max(handled.values()) == 1, "entries waiting in a read batch were reclaimed"


async def test_two_consumers_draining_a_long_backlog_on_a_loaded_machine_handle_each_entry_once(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """The machine is loaded on purpose: one busy-looping process per CPU runs beside the
    consumers (``python -c 'while True: pass'``, started and killed by this test).

    Two consumers of one group drain 60 slow entries of one busy debtor (one key: they
    run in order, one by one), three reclaim windows and more, each consumer running its
    own reclaimer. Entries waiting in a live consumer's batch keep their
    claim fresh and finished ones are acknowledged as they finish, so neither reclaimer
    takes the other's queue.
    """
    backlog = events(60)
    for evt in backlog:
        await publish(redis, evt)
    handled: Counter[str] = Counter()

    async def slow_handler(evt: Event) -> None:
        handled[str(evt.event_id)] += 1
        await apply_effect(redis, str(evt.event_id))
        await asyncio.sleep(SLOW_S)

    one_debtor: dict[str, Any] = {"reclaim_idle_ms": WINDOW_MS, "key": lambda evt: "C-busy"}
    with cpu_hogs():
        async with (
            consuming(redis_server.url, redis, slow_handler, name="left", **one_debtor),
            consuming(redis_server.url, redis, slow_handler, name="right", **one_debtor),
        ):
            await eventually(lambda: _all_applied(redis, backlog), timeout=60)
            assert await eventually(lambda: _nothing_pending(redis))
    assert max(handled.values()) == 1, "entries waiting in a live consumer's batch were reclaimed"


@contextmanager
def cpu_hogs() -> Iterator[None]:
    """One CPU-bound process per core for the duration of the block."""
    hogs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(timeout=10)


async def test_following_a_stream_twice_is_refused_because_the_handlers_would_split_it(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    async def handler(evt: Event) -> None:
        await apply_effect(redis, str(evt.event_id))

    consumer: Consumer[Event] = Consumer(RedisBroker(redis_server.url), redis, SERVICE, "c1")
    consumer.follow([STREAM], handler)
    with pytest.raises(ValueError, match="already follows"):
        consumer.follow([keys.outbox(1, "invoicing"), STREAM], handler)
    assert consumer.streams == [STREAM]
