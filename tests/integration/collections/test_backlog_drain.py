"""A backlog of thousands of new debtors drains without a stall.

Keyed batches run up to ``batch_size`` debtors at once on each partition's stream; with
handlers in flight bounded below the Redis connection pool (and a pool that waits for a
connection instead of failing), no handler fails for want of a connection and no entry
is left to wait for the reclaimer (whose window here is an hour).
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import redis.asyncio as aioredis
from prometheus_client import REGISTRY

from shared.contracts import encode_event
from shared.infra import keys
from shared.infra.settings import Settings
from tests.integration.collections.harness import eventually, running
from tests.support.factories import invoice_issued

DEBTORS = int(os.environ.get("HUIKUAN_TEST_BACKLOG_DEBTORS", "5000"))


def total(metric: str, **labels: str) -> float:
    """Sum of a metric's samples whose labels include ``labels``."""
    found = 0.0
    for family in REGISTRY.collect():
        for sample in family.samples:
            if sample.name == metric and labels.items() <= sample.labels.items():
                found += sample.value
    return found


async def test_a_backlog_of_new_debtors_drains_with_no_handler_failure_and_nothing_reclaimed(
    redis: aioredis.Redis, settings: Settings
) -> None:
    # An hour's reclaim window: an entry whose handler failed could only be finished by the
    # reclaimer, an hour later; the backlog drains only if no handler failed at all.
    configured = settings.model_copy(update={"reclaim_idle_ms": 3_600_000})
    streams = [keys.outbox(p, "invoicing") for p in range(settings.partitions)]
    async with redis.pipeline(transaction=False) as pipe:
        for n in range(DEBTORS):
            customer = f"C-{n:05d}"
            stream = keys.outbox(keys.partition_of(customer, settings.partitions), "invoicing")
            event = invoice_issued(customer_id=customer, number=f"INV-{n:05d}")
            pipe.xadd(stream, {"__data__": encode_event(event)})
        await pipe.execute()
    errors = total("huikuan_events_handled_total", service="collections", outcome="error")
    reclaimed = total("huikuan_entries_reclaimed_total", service="collections")
    taken_over = total("huikuan_entries_taken_over_total", service="collections")
    transient = total("huikuan_transient_failures_total", service="collections")

    with captured_logs() as lines:
        async with running(configured, redis):
            for stream in streams:
                await eventually(lambda s=stream: _drained(redis, s), timeout=600)
    failures = [
        line for line in lines.getvalue().splitlines() if "failure" in line or "failed" in line
    ]
    assert failures == []

    assert total("huikuan_events_handled_total", service="collections", outcome="error") == errors
    assert total("huikuan_transient_failures_total", service="collections") == transient
    assert total("huikuan_entries_reclaimed_total", service="collections") == reclaimed
    # On a starved machine a lease renewal can come late: the reader then leaves its batch's
    # waiting entries and takes them over itself once the lease is fresh again, before it
    # reads on (no reclaim window waited: the drain above ends within it). That is said.
    if total("huikuan_entries_taken_over_total", service="collections") > taken_over:
        assert "entries_left_to_take_over" in lines.getvalue()
    assert await redis.xlen(keys.dead_letter("collections")) == 0
    debtors = [key async for key in redis.scan_iter(match="hk:*:es:debtor:*", count=1000)]
    assert len(debtors) == DEBTORS


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """Every line the bus logs meanwhile (its own logger: the service's start-up replaces
    the root logger's handlers)."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    logging.getLogger("bus").addHandler(handler)
    try:
        yield lines
    finally:
        logging.getLogger("bus").removeHandler(handler)


async def _drained(redis: aioredis.Redis, stream: str) -> bool:
    last = await redis.xrevrange(stream, count=1)
    groups = {g["name"]: g for g in await redis.xinfo_groups(stream)}
    group = groups.get(b"collections")
    return bool(group and group["last-delivered-id"] == last[0][0] and group["pending"] == 0)
