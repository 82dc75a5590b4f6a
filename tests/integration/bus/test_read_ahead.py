"""A reader makes its next reads while the batches of the reads before still run, without
breaking the order of one key's entries across them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import redis.asyncio as aioredis

from shared.contracts.codec import parse_event
from shared.infra.bus_batch import BatchRunner, Limits, Route
from tests.integration.bus.helpers import (
    DLQ,
    SERVICE,
    STREAM,
    consuming,
    eventually,
    pending,
    publish,
    publish_raw,
)
from tests.support.factories import invoice_issued
from tests.support.redis_server import RedisServer


def by_customer(evt: Any) -> str:
    return str(evt.customer_id)


def held_while(blocked: Callable[[Any], bool]) -> tuple[list[str], asyncio.Event, Any]:
    """A handler noting each invoice number it finished; an entry ``blocked`` picks out
    first waits for the event."""
    applied: list[str] = []
    release = asyncio.Event()

    async def handler(evt: Any) -> None:
        if blocked(evt):
            await release.wait()
        applied.append(evt.external_number)

    return applied, release, handler


async def read_one_by_one(redis: aioredis.Redis, reads: int) -> list[Any]:
    """``reads`` reads of one entry each, in the test group (created first)."""
    await redis.xgroup_create(STREAM, SERVICE, id="0", mkstream=True)
    return [(await redis.xreadgroup(SERVICE, "c1", {STREAM: ">"}, count=1))[0][1]
            for _ in range(reads)]  # fmt: skip


def runner(redis: aioredis.Redis) -> BatchRunner:
    return BatchRunner(redis, SERVICE, "c1", Limits(reclaim_idle_ms=600_000), asyncio.Semaphore(10))


async def test_the_next_read_is_handled_while_the_batch_before_still_runs(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """One entry per read: A's handler is held; B, read after it, is handled meanwhile."""
    applied, release_a, handler = held_while(lambda evt: evt.customer_id == "C-A")
    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A"))
    await publish(redis, invoice_issued(customer_id="C-B", number="INV-B"))
    async with consuming(redis_server.url, redis, handler, key=by_customer, batch_size=1):
        await eventually(lambda: applied == ["INV-B"])
        assert len(await pending(redis)) == 1  # A's entry: still being handled
        release_a.set()
        await eventually(lambda: applied == ["INV-B", "INV-A"])
        await eventually(lambda: _nothing_pending(redis))


async def test_three_reads_run_at_once_and_a_key_waits_for_its_last_batch_across_them(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """One entry per read: A1's handler is held; B is read and handled meanwhile, and A2 is
    read as the third read (``READS``) but waits for A1's batch, two batches before it;
    nothing more is read until A1's batch ends."""
    applied, release, handler = held_while(lambda evt: evt.external_number == "INV-A1")
    for customer, number in (("C-A", "INV-A1"), ("C-B", "INV-B"), ("C-A", "INV-A2"),
                             ("C-C", "INV-C")):  # fmt: skip
        await publish(redis, invoice_issued(customer_id=customer, number=number))
    async with consuming(redis_server.url, redis, handler, key=by_customer, batch_size=1):
        await eventually(lambda: applied == ["INV-B"])
        await eventually(lambda: _pending_count(redis, 2))  # A1 and A2 read, neither done
        await asyncio.sleep(0.3)
        assert applied == ["INV-B"] and len(await pending(redis)) == 2  # C not read yet
        release.set()
        await eventually(lambda: applied == ["INV-B", "INV-A1", "INV-A2", "INV-C"])
        await eventually(lambda: _nothing_pending(redis))


async def test_a_key_in_two_reads_keeps_its_order_when_the_first_entry_goes_on_alone(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """A1 fails in the batch handler and goes on alone (the single handler); A2, read
    while A1 was in the batch handler, waits for A1's batch to end: A1 comes first."""
    applied: list[str] = []
    first_call = True

    async def many(items: list[Any]) -> Sequence[BaseException | None]:
        nonlocal first_call
        if first_call:  # A1: slow, then refused in the batch
            first_call = False
            await asyncio.sleep(0.3)
            return [RuntimeError("refused in the batch")] * len(items)
        applied.extend(evt.external_number for evt in items)
        return [None] * len(items)

    async def one(evt: Any) -> None:
        applied.append(evt.external_number)

    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A1"))
    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A2"))
    async with consuming(redis_server.url, redis, one, key=by_customer, many=many, batch_size=1):
        await eventually(lambda: len(applied) == 2)
        await eventually(lambda: _nothing_pending(redis))
    assert applied == ["INV-A1", "INV-A2"]


async def test_a_batch_after_one_that_left_an_entry_of_its_key_handles_none_of_them(
    redis: aioredis.Redis,
) -> None:
    """The first read's batch ends without handling A1 (cancelled before it ran): the
    second, holding A2, handles nothing and leaves its entries to be taken over; taken
    over, A1 and A2 run in stream order."""
    applied: list[str] = []

    async def handler(evt: Any) -> None:
        applied.append(evt.external_number)

    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A1"))
    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A2"))
    await publish(redis, invoice_issued(customer_id="C-B", number="INV-B1"))
    await redis.xgroup_create(STREAM, SERVICE, id="0", mkstream=True)
    first = (await redis.xreadgroup(SERVICE, "c1", {STREAM: ">"}, count=1))[0][1]
    second = (await redis.xreadgroup(SERVICE, "c1", {STREAM: ">"}, count=2))[0][1]
    batches_of = runner(redis)
    route = Route(STREAM, handler, parse_event, key=by_customer)
    before = batches_of.prepare(route, first, ordered=True)
    after = batches_of.prepare(route, second, ordered=True)
    batches_of.release(before)  # ended without handling A1

    await batches_of.run_prepared(after)

    assert applied == []
    assert STREAM in batches_of.abandoned
    assert len(await pending(redis)) == 3
    assert not batches_of.in_flight[STREAM]
    left = (await redis.xautoclaim(STREAM, SERVICE, "c1", 0, start_id="0-0", count=10))[1]
    await batches_of.run_batch(route, left)
    assert applied == ["INV-A1", "INV-A2", "INV-B1"]
    assert await _nothing_pending(redis)


async def test_a_batch_waits_only_for_the_batch_before_that_shares_a_key(
    redis: aioredis.Redis,
) -> None:
    """Turns are per key: a batch with no key of the one before runs at once."""
    applied, held, handler = held_while(lambda evt: evt.external_number == "INV-A1")
    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A1"))
    await publish(redis, invoice_issued(customer_id="C-B", number="INV-B1"))
    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A2"))
    reads = await read_one_by_one(redis, 3)
    batches_of = runner(redis)
    route = Route(STREAM, handler, parse_event, key=by_customer)
    batches = [batches_of.prepare(route, entries, ordered=True) for entries in reads]
    running = [asyncio.create_task(batches_of.run_prepared(batch)) for batch in batches]

    await eventually(lambda: applied == ["INV-B1"])  # B1 ran; A2 waits for A1's batch
    await asyncio.sleep(0.1)
    assert applied == ["INV-B1"]
    held.set()
    await asyncio.gather(*running)
    assert applied == ["INV-B1", "INV-A1", "INV-A2"]
    assert await _nothing_pending(redis)


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return not await pending(redis)


async def _pending_count(redis: aioredis.Redis, n: int) -> bool:
    return len(await pending(redis)) == n


async def test_dead_letters_of_a_read_come_before_anything_later_is_handled(
    redis: aioredis.Redis,
) -> None:
    """The second read's entry (another key) waits until the first read's unparseable
    entry is dead-lettered, however the two batches' tasks are scheduled."""
    applied: list[str] = []

    async def handler(evt: Any) -> None:
        applied.append(evt.external_number)
        letters.append(await redis.xlen(DLQ))

    letters: list[int] = []
    await publish_raw(redis, b"{not json")
    await publish(redis, invoice_issued(customer_id="C-B", number="INV-B1"))
    reads = await read_one_by_one(redis, 2)
    batches_of = runner(redis)
    route = Route(STREAM, handler, parse_event, key=by_customer)
    first, second = (batches_of.prepare(route, entries, ordered=True) for entries in reads)
    later = asyncio.create_task(batches_of.run_prepared(second))
    await asyncio.sleep(0.1)
    assert applied == []  # waits for the first read's dead letter

    await batches_of.run_prepared(first)
    await later
    assert applied == ["INV-B1"] and letters == [1]
    assert await _nothing_pending(redis)


async def test_a_reader_stopped_late_cancels_the_batches_of_both_its_reads(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """Two reads' batches are held past the shutdown timeout: stopping cancels both (none
    goes on alone after the consumer stopped), and their entries stay pending, unacked."""
    started: list[str] = []
    cancelled: list[str] = []

    async def handler(evt: Any) -> None:
        started.append(evt.external_number)
        try:
            await asyncio.Event().wait()  # never set
        except asyncio.CancelledError:
            cancelled.append(evt.external_number)
            raise

    await publish(redis, invoice_issued(customer_id="C-A", number="INV-A"))
    await publish(redis, invoice_issued(customer_id="C-B", number="INV-B"))
    async with consuming(redis_server.url, redis, handler, key=by_customer, batch_size=1,
                         shutdown_timeout_s=0.2):  # fmt: skip
        await eventually(lambda: sorted(started) == ["INV-A", "INV-B"])
    assert sorted(cancelled) == ["INV-A", "INV-B"]
    assert len(await pending(redis)) == 2
