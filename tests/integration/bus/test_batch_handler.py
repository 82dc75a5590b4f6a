"""A batch handler takes a read batch in waves: entries of distinct keys together, one key's
entries in order, a failed entry going on alone through the single handler's retries."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
from prometheus_client import REGISTRY

from shared.contracts import Event
from tests.integration.bus.helpers import DLQ, SERVICE, consuming, eventually, pending, publish
from tests.support.factories import invoice_issued
from tests.support.redis_server import RedisServer


def by_customer(evt: Any) -> str:
    return str(evt.customer_id)


def backlog(customers: int, per_customer: int) -> list[Event]:
    """Customers interleaved; each customer's invoices numbered in publishing order."""
    return [
        invoice_issued(customer_id=f"C-{c}", number=f"INV-{c}-{n}")
        for n in range(per_customer)
        for c in range(customers)
    ]


class Recorder:
    """What the batch handler and the single handler were given, in order per customer."""

    def __init__(self, fail: Sequence[str] = (), whole_call_fails: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.alone: list[str] = []
        self.applied: dict[str, list[str]] = defaultdict(list)
        self.fail, self.whole_call_fails = set(fail), whole_call_fails

    async def many(self, items: list[Any]) -> Sequence[BaseException | None]:
        self.calls.append([e.external_number for e in items])
        if self.whole_call_fails and len(self.calls) == 1:
            raise ConnectionError("the whole call failed")
        results: list[BaseException | None] = []
        for evt in items:
            if evt.external_number in self.fail:
                self.fail.discard(evt.external_number)  # fails in the batch, once
                results.append(RuntimeError("refused in the batch"))
            else:
                self.applied[evt.customer_id].append(evt.external_number)
                results.append(None)
        return results

    async def one(self, evt: Any) -> None:
        self.alone.append(evt.external_number)
        self.applied[evt.customer_id].append(evt.external_number)

    def count(self) -> int:
        return sum(map(len, self.applied.values()))


async def settled(redis: aioredis.Redis) -> bool:
    return not await pending(redis)


async def drain(
    redis_server: RedisServer, redis: aioredis.Redis, seen: Recorder, published: list[Event],
    batch_size: int = 100,
) -> None:  # fmt: skip
    """Publish the backlog, then consume it (``seen`` as both handlers) until every entry
    was applied and acknowledged."""
    for evt in published:
        await publish(redis, evt)
    async with consuming(redis_server.url, redis, seen.one, key=by_customer, many=seen.many,
                         batch_size=batch_size):  # fmt: skip
        await eventually(lambda: seen.count() == len(published))
        await eventually(lambda: settled(redis))


async def test_a_read_batch_goes_to_the_batch_handler_in_waves_of_distinct_keys_in_order(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    seen = Recorder()
    published = backlog(customers=20, per_customer=5)
    await drain(redis_server, redis, seen, published)

    for customer, numbers in seen.applied.items():
        assert numbers == [f"INV-{customer[2:]}-{n}" for n in range(5)]
    for call in seen.calls:
        customers = [number.rsplit("-", 1)[0] for number in call]
        assert len(customers) == len(set(customers)), f"two entries of one key in {call}"
    assert seen.alone == [] and max(map(len, seen.calls)) > 1
    assert len(seen.calls) < len(published), "the batch handler was called per entry"
    assert await redis.xlen(DLQ) == 0


async def test_an_entry_failed_in_the_batch_goes_on_alone_and_its_key_keeps_its_order(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    seen = Recorder(fail={"INV-0-1"})
    published = backlog(customers=4, per_customer=4)
    await drain(redis_server, redis, seen, published)

    assert seen.applied["C-0"] == ["INV-0-0", "INV-0-1", "INV-0-2", "INV-0-3"]
    assert seen.alone == ["INV-0-1", "INV-0-2", "INV-0-3"], "the rest of its lane went alone"
    for c in (1, 2, 3):
        assert seen.applied[f"C-{c}"] == [f"INV-{c}-{n}" for n in range(4)]
    assert sorted(n for ns in seen.applied.values() for n in ns) == sorted(
        e.external_number for e in published
    )  # each once


def handled(outcome: str) -> float:
    labels = {"service": SERVICE, "type": "InvoiceIssued", "outcome": outcome}
    return REGISTRY.get_sample_value("huikuan_events_handled_total", labels) or 0.0


def timed() -> float:
    labels = {"service": SERVICE, "type": "InvoiceIssued"}
    return REGISTRY.get_sample_value("huikuan_handler_seconds_count", labels) or 0.0


async def test_every_entry_of_a_batch_is_counted_once_by_its_outcome(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    # The batch counts its successes once per call (inc by the number handled): the
    # metrics still say one per entry handled, and one error per failed handling.
    ok, errors, observed = handled("ok"), handled("error"), timed()
    seen = Recorder(fail={"INV-0-1", "INV-2-0"})
    published = backlog(customers=6, per_customer=4)
    await drain(redis_server, redis, seen, published)

    assert handled("ok") - ok == len(published)  # in the batch or alone, each once
    assert handled("error") - errors == 2
    assert timed() - observed == len(published)  # a handling time per entry handled


async def test_a_batch_call_that_fails_as_a_whole_loses_nothing(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    seen = Recorder(whole_call_fails=True)
    published = backlog(customers=5, per_customer=2)
    await drain(redis_server, redis, seen, published)

    for c in range(5):
        assert seen.applied[f"C-{c}"] == [f"INV-{c}-0", f"INV-{c}-1"]
    assert sorted(seen.alone) == sorted(e.external_number for e in published)
    assert await redis.xlen(DLQ) == 0


class Overlapping(Recorder):
    """Notes which batch calls were in flight together (a call yields once mid-way, as a
    real one does while it waits on Redis)."""

    def __init__(self, fail: Sequence[str] = ()) -> None:
        super().__init__(fail)
        self.in_flight, self.together = 0, 0

    async def many(self, items: list[Any]) -> Sequence[BaseException | None]:
        self.in_flight += 1
        self.together = max(self.together, self.in_flight)
        await asyncio.sleep(0)
        try:
            return await super().many(items)
        finally:
            self.in_flight -= 1


async def test_a_wide_wave_goes_in_two_halves_at_once_each_entry_answered_for_itself(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    seen = Overlapping(fail={"INV-7-0", "INV-110-0"})  # one in each half of the first wave
    published = backlog(customers=120, per_customer=2)
    await drain(redis_server, redis, seen, published, batch_size=240)

    assert seen.together == 2, "the halves of a wave did not run at once"
    assert max(map(len, seen.calls)) == 60  # 120 keys: two calls of 60, never one of 120
    assert sorted(seen.alone) == ["INV-110-0", "INV-110-1", "INV-7-0", "INV-7-1"]
    for c in range(120):
        assert seen.applied[f"C-{c}"] == [f"INV-{c}-0", f"INV-{c}-1"]  # each once, in order
    assert await redis.xlen(DLQ) == 0
