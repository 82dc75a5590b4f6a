"""Event-store append rate vs a raw redis-py pipeline doing the same Redis writes.

    .venv/bin/python bench/append.py [N]

Both sides write, per event, one entry to the aggregate's stream (explicit id
``1-1``) and one to the partition's outbound stream, pipelined in batches of 500.
Huikuan's side also checks the expected version and the hash chain, in Lua.
"""

from __future__ import annotations

import asyncio
import sys
import uuid

import redis.asyncio as aioredis
from common import Timer, bench_redis, report

from shared.contracts import encode_event
from shared.infra import keys
from shared.infra.eventstore import GENESIS, AppendRequest, EventStore, StreamRef, chain_hash
from tests.support.factories import invoice_issued

BATCH = 500
PARTITIONS = 4


def events(n: int) -> list[tuple[StreamRef, object]]:
    out = []
    for i in range(n):
        customer = f"C-{i}"
        ref = StreamRef("invoice", f"inv-{i}-{uuid.uuid4().hex[:6]}", customer)
        out.append((ref, invoice_issued(customer_id=customer, number=f"INV-{i}")))
    return out


async def huikuan(redis: aioredis.Redis, batch: list[tuple[StreamRef, object]]) -> None:
    store = EventStore(redis, "bench", PARTITIONS)
    for start in range(0, len(batch), BATCH):
        chunk = batch[start : start + BATCH]
        results = await store.append_many(
            [AppendRequest(ref, 0, [evt], GENESIS) for ref, evt in chunk]  # type: ignore[list-item]
        )
        assert not any(isinstance(r, Exception) for r in results), results[:3]


async def raw(redis: aioredis.Redis, batch: list[tuple[StreamRef, object]]) -> None:
    for start in range(0, len(batch), BATCH):
        async with redis.pipeline(transaction=False) as pipe:
            for ref, evt in batch[start : start + BATCH]:
                p = keys.partition_of(ref.partition_key, PARTITIONS)
                payload = encode_event(evt)  # type: ignore[arg-type]
                stream = keys.aggregate_stream(p, "raw", ref.aggregate_id)
                pipe.xadd(
                    stream,
                    {"__data__": payload, "hash": chain_hash(GENESIS, payload), "prev": GENESIS},
                    id="1-1",
                )
                pipe.xadd(keys.outbox(p, "raw"), {"__data__": payload})
            await pipe.execute()


async def main(n: int) -> None:
    with bench_redis() as server:
        redis = aioredis.Redis.from_url(server.url)
        ours_events, raw_events = events(n), events(n)
        with Timer() as t_raw:
            await raw(redis, raw_events)
        with Timer() as t_ours:
            await huikuan(redis, ours_events)
        report(
            "event-store append (1 event per aggregate, pipelined)",
            n,
            t_ours.seconds,
            t_raw.seconds,
        )
        await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000))
