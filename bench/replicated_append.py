"""What ``HUIKUAN_APPEND_REPLICAS=1`` costs: appends on a 3-master cluster with and without
waiting for each master's replica (``WAIT 1``), alternated in the same run.

    .venv/bin/python bench/replicated_append.py [N] [ROUNDS] [BATCH]   # 2000, 3, 1 / 50

BATCH 1 is an API call or a single consumer entry (one append, one WAIT); larger batches
are a consumer's pipelined batch (one WAIT per master per batch). Reports appends per
second of each, every round, and the median ratio.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

from append import PARTITIONS, events
from common import Timer

from shared.infra import connection
from shared.infra.eventstore import GENESIS, AppendRequest, EventStore
from shared.infra.replicated import ReplicatedEventStore
from tests.support.redis_cluster import RedisClusterNodes


async def run(store: EventStore, n: int, batch: int) -> float:
    pending = events(n)
    tag = uuid.uuid4().hex[:6]
    requests = [AppendRequest(ref, 0, [evt], GENESIS, idempotency_key=f"{tag}-{i}")  # type: ignore[list-item]
                for i, (ref, evt) in enumerate(pending)]  # fmt: skip
    with Timer() as timer:
        for start in range(0, n, batch):
            results = await store.append_many(requests[start : start + batch])
            failed = [r for r in results if isinstance(r, Exception)]
            assert not failed, failed[:3]
    return n / timer.seconds


async def main(n: int, rounds: int, batch: int) -> None:
    with tempfile.TemporaryDirectory(prefix="huikuan-wait-") as folder:
        cluster = RedisClusterNodes(Path(folder))
        cluster.start()
        client = connection.async_client(cluster.url)
        try:
            plain = EventStore(client, "bench", PARTITIONS)
            waiting = ReplicatedEventStore(
                client, "bench", PARTITIONS, url=cluster.url, replicas=1, timeout_ms=1000
            )
            rates: dict[str, list[float]] = {"no wait": [], "WAIT 1": []}
            for _ in range(rounds):
                rates["no wait"].append(await run(plain, n, batch))
                rates["WAIT 1"].append(await run(waiting, n, batch))
        finally:
            await client.aclose()
            cluster.stop()
    print(f"\n{n:,} appends per run, batches of {batch}, 3-master cluster, {rounds} rounds")
    for name, values in rates.items():
        shown = ", ".join(f"{v:,.0f}" for v in values)
        print(f"  {name:<8}: {shown} /s (median {statistics.median(values):,.0f})")
    ratios = [w / p for p, w in zip(rates["no wait"], rates["WAIT 1"], strict=True)]
    print(f"  WAIT 1 / no wait, median: {statistics.median(ratios):.2f}×")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    asyncio.run(main(*(args + [2000, 3, 1][len(args) :])))
