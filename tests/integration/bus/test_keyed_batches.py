"""Keyed batches: concurrent across keys, in order within a key, each entry applied once."""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from shared.contracts import Event
from shared.contracts.codec import parse_event
from shared.infra import keys
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


def backlog(customers: int, per_customer: int) -> list[Event]:
    """Each customer's invoices numbered in publishing order, customers interleaved."""
    return [
        invoice_issued(customer_id=f"C-{c}", number=f"INV-{c}-{n}")
        for n in range(per_customer)
        for c in range(customers)
    ]


def recorder() -> tuple[list[str], Callable[[Any], Awaitable[None]]]:
    """A handler that notes the number of each invoice it is given, and what it noted."""
    applied: list[str] = []

    async def handler(evt: Any) -> None:
        applied.append(evt.external_number)

    return applied, handler


async def test_entries_of_one_key_run_in_order_and_different_keys_run_together(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    running, most = 0, 0

    async def handler(evt: Any) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(random.uniform(0, 0.01))  # let keys overtake each other
        seen[evt.customer_id].append(evt.external_number)
        running -= 1

    published = backlog(customers=20, per_customer=10)
    for evt in published:
        await publish(redis, evt)
    async with consuming(redis_server.url, redis, handler, key=by_customer, batch_size=50):
        await eventually(lambda: sum(map(len, seen.values())) == len(published))
        await eventually(lambda: _nothing_pending(redis))

    for customer, numbers in seen.items():
        assert numbers == [f"INV-{customer[2:]}-{n}" for n in range(10)]
    assert most > 1, "keyed batches ran nothing concurrently"


async def test_a_failed_entry_holds_back_its_key_until_replayed_and_other_keys_go_on(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    applied: list[str] = []
    failed_once: set[str] = set()

    async def handler(evt: Any) -> None:
        if evt.external_number == "INV-0-1" and evt.external_number not in failed_once:
            failed_once.add(evt.external_number)
            raise RuntimeError("transient")
        applied.append(evt.external_number)

    published = backlog(customers=3, per_customer=4)
    for evt in published:
        await publish(redis, evt)
    async with consuming(redis_server.url, redis, handler, key=by_customer, batch_size=50):
        await eventually(lambda: len(applied) == len(published))
        await eventually(lambda: _nothing_pending(redis))

    assert sorted(applied) == sorted(e.external_number for e in published)  # each once
    first_customer = [n for n in applied if n.startswith("INV-0-")]
    assert first_customer == ["INV-0-0", "INV-0-1", "INV-0-2", "INV-0-3"]
    assert applied.index("INV-1-3") < applied.index("INV-0-1"), "other keys waited"


async def test_an_unparseable_entry_in_a_batch_is_dead_lettered_and_the_batch_goes_on(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    applied, handler = recorder()
    await publish(redis, invoice_issued(number="INV-A"))
    bad = await publish_raw(redis, b"{not json")
    await publish(redis, invoice_issued(number="INV-B"))
    async with consuming(redis_server.url, redis, handler, key=by_customer, batch_size=50):
        await eventually(lambda: len(applied) == 2)
        await eventually(lambda: _nothing_pending(redis))

    [(_, letter)] = await redis.xrange(DLQ)
    assert letter[b"entry_id"].decode() == bad
    assert letter[b"error"].startswith(b"unparseable: ")
    assert applied == ["INV-A", "INV-B"]


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return await pending(redis) == []


async def test_a_fresh_read_batch_is_handled_without_renewing_its_claims(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    """The read itself reset the entries' idle time: within half the reclaim window no
    other consumer can have taken them, so no XCLAIM is spent before handling them."""
    applied, handler = recorder()
    published = backlog(customers=100, per_customer=1)
    for evt in published:
        await publish(redis, evt)
    before = await _claim_renewals(redis)
    async with consuming(
        redis_server.url, redis, handler, key=by_customer, batch_size=100, reclaim_idle_ms=600_000
    ):  # fmt: skip  (a keeper round: 150 s)
        await eventually(lambda: len(applied) == len(published))
        await eventually(lambda: _nothing_pending(redis))

    assert await _claim_renewals(redis) - before == 0


async def test_lanes_starting_together_on_old_claims_refresh_them_once_not_once_each(
    redis: aioredis.Redis,
) -> None:
    """A batch whose claims are older than half the reclaim window (its read time unknown,
    as if the process had been starved) is checked and refreshed before its first entry
    is handled: once for the batch, although 100 lanes start together."""
    applied, handler = recorder()
    published = backlog(customers=100, per_customer=1)
    for evt in published:
        await publish(redis, evt)
    await redis.xgroup_create(STREAM, SERVICE, id="0", mkstream=True)
    reply = await redis.xreadgroup(SERVICE, "c1", {STREAM: ">"}, count=100)
    entries = reply[0][1]
    limits = Limits(reclaim_idle_ms=600_000)
    runner = BatchRunner(redis, SERVICE, "c1", limits, asyncio.Semaphore(100))
    route = Route(STREAM, handler, parse_event, key=by_customer)
    before = await _claim_renewals(redis)

    await runner.run_batch(route, entries)  # no claimed_at: the claims may be old

    assert len(applied) == len(published) and await _nothing_pending(redis)
    renewals = await _claim_renewals(redis) - before
    # 100 lanes each refreshing the whole batch would be 100 × 100.
    assert renewals == len(published), f"{renewals} XCLAIMs for {len(published)} entries"


async def _claim_renewals(redis: aioredis.Redis) -> int:
    stats = await redis.info("commandstats")
    return int(stats.get("cmdstat_xclaim", {}).get("calls", 0))


class OverlapWatch:
    """A handler (single or batch) that notes, per key, how many calls held it at once."""

    def __init__(self) -> None:
        self.running: Counter[str] = Counter()
        self.most = 0
        self.applied: list[str] = []

    async def _hold(self, evts: list[Any]) -> None:
        for evt in evts:
            self.running[evt.customer_id] += 1
            self.most = max(self.most, self.running[evt.customer_id])
        await asyncio.sleep(0.01)  # long enough for another batch to start meanwhile
        for evt in evts:
            self.running[evt.customer_id] -= 1
            self.applied.append(evt.external_number)

    async def one(self, evt: Any) -> None:
        await self._hold([evt])

    async def many(self, evts: list[Any]) -> list[BaseException | None]:
        await self._hold(evts)
        return [None] * len(evts)


@pytest.mark.parametrize("in_waves", [True, False], ids=["batch handler", "single handler"])
async def test_one_key_in_two_streams_of_one_read_is_never_handled_twice_at_once(
    redis_server: RedisServer, redis: aioredis.Redis, in_waves: bool
) -> None:
    """One read of a partition brings a batch per stream, handled at once; a debtor named
    in both (a registration beside its first invoice) is handled by one of them at a time,
    so neither decision loses a version race and is retried alone."""
    other = keys.outbox(0, "customers")  # the same partition as STREAM: read together
    published: list[Event] = []
    for stream, number in ((STREAM, 0), (other, 1)):
        for c in range(40):
            evt = invoice_issued(customer_id=f"C-{c}", number=f"INV-{c}-{number}")
            await publish(redis, evt, stream)
            published.append(evt)
    watch = OverlapWatch()
    many = {"many": watch.many} if in_waves else {}
    async with consuming(redis_server.url, redis, watch.one, streams=(STREAM, other),
                         key=by_customer, **many):  # fmt: skip
        await eventually(lambda: len(watch.applied) == len(published))
        await eventually(lambda: _nothing_pending(redis))

    assert sorted(watch.applied) == sorted(e.external_number for e in published)
    assert watch.most == 1, "a key was handled by two batches at once"
