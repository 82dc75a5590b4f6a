"""The slice on a 3-master Redis Cluster beside one Redis server, in the same run.

    .venv/bin/python bench/cluster_slice.py [N] [ROUNDS]     # default 2 000 commands, 3 rounds

Each round, on each store in turn (one redis-server; a local 6-node cluster, 3 masters +
3 replicas, ``REDIS_URL=redis+cluster://…``): the store is flushed, N ``IssueInvoice``
commands are written to ``hk:ingest:invoices`` before anything starts, then invoicing (a
real process) turns them into N invoices and collections (a real process) follows the N
``InvoiceIssued`` into N debtors, each timed from its first processed entry to its N-th
(``bench/slice.py``'s stages). Stores alternate within a round; the report gives every
round, the median rate of each store and the median ratio cluster / single, plus what each
fact costs: Redis commands (round trips) and Redis CPU per fact, summed over the masters,
and the services' CPU per fact.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from common import bench_redis
from slice import PARTITIONS, backlog, run_service

from shared.infra import connection, keys
from tests.support.redis_cluster import RedisClusterNodes


@dataclass
class Store:
    name: str
    url: str
    masters: Callable[[], list[redis.Redis]]


@dataclass
class Round:
    store: str
    invoicing_s: float
    collections_s: float
    commands: int
    redis_cpu_s: float
    service_cpu_s: float


def counters(store: Store) -> tuple[int, float]:
    """Commands processed and CPU seconds used, summed over the store's masters."""
    commands, cpu = 0, 0.0
    for master in store.masters():
        stats: dict[str, Any] = master.info("stats") | master.info("cpu")
        commands += int(stats["total_commands_processed"])
        cpu += float(stats["used_cpu_user"]) + float(stats["used_cpu_sys"])
    return commands, cpu


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def outbound(client: redis.Redis) -> Callable[[], int]:
    return lambda: sum(int(client.xlen(keys.outbox(p, "invoicing"))) for p in range(PARTITIONS))


def followed(client: redis.Redis) -> Callable[[], int]:
    def done() -> int:
        total = 0
        for p in range(PARTITIONS):
            for group in client.xinfo_groups(keys.outbox(p, "invoicing")):
                if group["name"] == b"collections":
                    total += int(group.get("entries-read") or 0) - int(group["pending"])
        return total

    return done


def one_round(store: Store, n: int, logs: Path) -> Round:
    client = connection.sync_client(store.url)
    client.flushall()
    backlog(client, n, keys.ingest("invoices"))
    commands, redis_cpu = counters(store)
    cpu = children_cpu()
    inv = run_service("invoicing", store.url, logs, outbound(client), n)
    coll = run_service("collections", store.url, logs, followed(client), n)
    commands_after, redis_cpu_after = counters(store)
    client.close()
    return Round(store.name, inv, coll, commands_after - commands,
                 redis_cpu_after - redis_cpu, children_cpu() - cpu)  # fmt: skip


@contextmanager
def stores() -> Iterator[list[Store]]:
    with bench_redis() as single, tempfile.TemporaryDirectory(prefix="huikuan-cluster-") as d:
        cluster = RedisClusterNodes(Path(d))
        cluster.start()
        try:
            yield [
                Store("single", single.url, lambda: [redis.Redis(port=single.port)]),
                Store("cluster", cluster.url,
                      lambda: [redis.Redis(port=m.port) for m in cluster.masters()]),
            ]  # fmt: skip
        finally:
            cluster.stop()


def report(rounds: list[Round], n: int) -> None:
    print(f"\n{n:,} IssueInvoice commands per run, {PARTITIONS} partitions, one process each")
    print(f"{'round':<6}{'store':<9}{'invoicing/s':>12}{'collections/s':>15}"
          f"{'cmds/fact':>11}{'redis ms/fact':>15}{'services ms/fact':>18}")  # fmt: skip
    for i, r in enumerate(rounds):
        facts = 2 * n  # an invoice issued, a debtor tracking it
        redis_ms, services_ms = 1000 * r.redis_cpu_s / facts, 1000 * r.service_cpu_s / facts
        print(f"{i // 2 + 1:<6}{r.store:<9}{n / r.invoicing_s:>12,.0f}"
              f"{n / r.collections_s:>15,.0f}{r.commands / facts:>11.1f}"
              f"{redis_ms:>15.3f}{services_ms:>18.3f}")  # fmt: skip
    for stage in ("invoicing_s", "collections_s"):
        single = [getattr(r, stage) for r in rounds if r.store == "single"]
        cluster = [getattr(r, stage) for r in rounds if r.store == "cluster"]
        ratios = [s / c for s, c in zip(single, cluster, strict=True)]
        name = stage.removesuffix("_s")
        print(f"\n{name}: single {n / statistics.median(single):,.0f}/s, cluster "
              f"{n / statistics.median(cluster):,.0f}/s; cluster / single (rate), median of "
              f"{len(ratios)} rounds: {statistics.median(ratios):.2f}×")  # fmt: skip


def main(n: int, rounds: int) -> None:
    results: list[Round] = []
    with stores() as both, tempfile.TemporaryDirectory() as logs:
        for _ in range(rounds):
            for store in both:  # alternated within every round
                results.append(one_round(store, n, Path(logs)))
    report(results, n)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 3)  # fmt: skip
