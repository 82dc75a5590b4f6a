"""Redis at its memory limit delays valid invoices; it never dead-letters or rejects them.

With ``maxmemory`` reached under ``noeviction`` Redis refuses every write (OOM). The
invoicing consumer retries such failures in place, with backoff, for as long as they
last; once memory is raised every valid invoice of the backlog is issued, once.
"""

from __future__ import annotations

import asyncio
import json

import redis.asyncio as aioredis
from prometheus_client import REGISTRY

from shared.infra import keys
from shared.infra.settings import Settings
from tests.integration.invoicing.harness import INGEST, ISSUE, eventually, registered, running

INVOICES = 600
FULL_FOR_S = 6.0  # the test's poison window: 3 failures x 0.3 s reclaim


def oom_failures() -> float:
    labels = {"service": "invoicing", "error": "OutOfMemoryError"}
    return REGISTRY.get_sample_value("huikuan_transient_failures_total", labels) or 0.0


async def test_a_backlog_meeting_a_full_redis_is_issued_completely_once_memory_is_raised(
    redis: aioredis.Redis, settings: Settings
) -> None:
    before = oom_failures()
    fast = settings.model_copy(update={"transient_backoff_cap_s": 0.5})
    async with running(fast, redis) as svc:
        await registered(svc, redis, *(f"C-{n}" for n in range(97)))
        async with redis.pipeline(transaction=False) as pipe:
            for n in range(INVOICES):
                command = {
                    **ISSUE,
                    "external_number": f"INV-FULL-{n:04d}",
                    "customer_id": f"C-{n % 97}",
                }
                pipe.xadd(INGEST, {"__data__": json.dumps(command)})
            await pipe.execute()
        used = int((await redis.info("memory"))["used_memory"])
        await redis.config_set("maxmemory", max(used // 2, 1))  # below use: no writes at all
        try:
            await eventually(lambda: _async(oom_failures() > before), timeout=30)
            await asyncio.sleep(FULL_FOR_S)
        finally:
            await redis.config_set("maxmemory", 0)
        await eventually(lambda: _issued(redis, settings.partitions), timeout=120)
    assert await redis.xlen(keys.dead_letter("invoicing")) == 0
    assert await redis.xlen(f"{INGEST}:rejected") == 0


async def _issued(redis: aioredis.Redis, partitions: int) -> bool:
    issued = set()
    for partition in range(partitions):
        for _, fields in await redis.xrange(keys.outbox(partition, "invoicing")):
            event = json.loads(fields[b"__data__"])
            if event["type"] == "InvoiceIssued":
                issued.add(event["external_number"])
    assert len(issued) <= INVOICES
    return len(issued) == INVOICES


async def _async(value: bool) -> bool:
    return value
