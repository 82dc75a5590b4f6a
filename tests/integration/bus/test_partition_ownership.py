"""Processes of one service own partitions: never two at once, across a kill -9 and a join.

Real worker processes (``tests.support.bus_worker`` in mode ``own``) share eight partition
streams through leases in the session's Redis. Each handled entry is recorded, atomically
with a look at its partition's lease, at the start and at the end of its handling: which
process, which partition, which lease (fencing token), whether that lease was the one in
Redis at that moment, and the server's time. An ingest stream (no partition) beside them
has a lease of its own: one process reads it at a time, and it moves on a kill -9 too.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.bus import ensure_group
from tests.integration.bus.helpers import eventually, publish
from tests.support.bus_worker import (
    INGEST_PARTITION,
    OWN_INGEST,
    OWN_LOG,
    OWN_ORDER,
    OWN_PARTITIONS,
    SERVICE,
)
from tests.support.factories import invoice_issued
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[3]
WAIT_S = 90
STREAMS = [keys.outbox(p, "invoicing") for p in range(OWN_PARTITIONS)]
PER_PARTITION = 3  # customers
LEASES = keys.ownership(SERVICE) + ":lease:"
INGEST_LEASE = keys.ownership(SERVICE) + f":stream:{OWN_INGEST}:lease:0"
INGESTED = ["I-0", "I-1", "I-2"]  # customers whose entries arrive on the ingest stream


@dataclass(frozen=True)
class Handled:
    process: str
    partition: int
    token: int
    event_id: str
    customer: str
    seq: int
    phase: str
    lease_held: bool
    at_us: int  # Redis server time

    @classmethod
    def parse(cls, line: bytes) -> Handled:
        p, part, token, event_id, customer, seq, phase, held, sec, usec = line.decode().split("|")
        return cls(p, int(part), int(token), event_id, customer, int(seq), phase, held == "1",
                   int(sec) * 1_000_000 + int(usec))  # fmt: skip


class Workers:
    def __init__(self, url: str, logs: Path) -> None:
        self.url, self.logs = url, logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str) -> None:
        with (self.logs / f"{name}.log").open("wb") as log:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", "tests.support.bus_worker", self.url, STREAMS[0], name,
                 "own"],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self, name: str) -> None:
        self.procs[name].send_signal(signal.SIGKILL)
        self.procs[name].wait(timeout=10)

    def kill_all(self) -> None:
        for proc in self.procs.values():
            proc.kill()
            proc.wait(timeout=10)

    def output(self) -> str:
        return "\n".join(p.read_text()[-4000:] for p in sorted(self.logs.glob("*.log")))


def customers() -> list[str]:
    """``PER_PARTITION`` customers in every partition."""
    chosen: dict[int, list[str]] = defaultdict(list)
    n = 0
    while any(len(chosen[p]) < PER_PARTITION for p in range(OWN_PARTITIONS)):
        customer, n = f"C-{n}", n + 1
        bucket = chosen[keys.partition_of(customer, OWN_PARTITIONS)]
        if len(bucket) < PER_PARTITION:
            bucket.append(customer)
    return [c for p in range(OWN_PARTITIONS) for c in chosen[p]] + INGESTED


async def publish_wave(redis: aioredis.Redis, names: list[str], first: int, count: int) -> None:
    for seq in range(first, first + count):
        for customer in names:
            stream = (OWN_INGEST if customer in INGESTED
                      else STREAMS[keys.partition_of(customer, OWN_PARTITIONS)])  # fmt: skip
            await publish(redis, invoice_issued(customer, number=f"{customer}-{seq}"), stream)


async def applied(redis: aioredis.Redis, names: list[str]) -> int:
    return sum([int(await redis.llen(OWN_ORDER + c)) for c in names])


async def holders(redis: aioredis.Redis) -> dict[int, str]:
    """Partition -> the process whose lease is in Redis now."""
    values = await redis.mget([LEASES + str(p) for p in range(OWN_PARTITIONS)])
    return {p: v.decode().split(" ")[0] for p, v in enumerate(values) if v}


async def ingest_holder(redis: aioredis.Redis) -> str | None:
    value = await redis.get(INGEST_LEASE)
    return value.decode().split(" ")[0] if value else None


async def pending_of(redis: aioredis.Redis, consumer: str) -> int:
    total = 0
    for stream in [*STREAMS, OWN_INGEST]:
        for row in await redis.xpending_range(stream, SERVICE, "-", "+", 1000, consumer):
            total += row is not None
    return total


async def test_no_two_processes_ever_hold_one_partition_across_a_kill_and_a_join(
    redis_server: RedisServer, redis: aioredis.Redis, tmp_path: Path
) -> None:
    for stream in [*STREAMS, OWN_INGEST]:
        await ensure_group(redis, stream, SERVICE)
    names = customers()
    workers = Workers(redis_server.url, tmp_path)
    try:
        workers.start("own-a")
        await eventually(lambda: _ingest_read_by(redis, "own-a"), WAIT_S)
        workers.start("own-b")
        await eventually(lambda: _shared_by(redis, {"own-a", "own-b"}), WAIT_S)

        # A backlog of 30 entries per customer, each handled for 30 ms: killed mid-way.
        await publish_wave(redis, names, 0, 30)
        await eventually(lambda: _busy(redis, names, "own-a"), WAIT_S)
        workers.kill("own-a")  # SIGKILL: no release, no ack, its leases just lapse
        await publish_wave(redis, names, 30, 10)
        await eventually(lambda: _at_least(redis, names, 40 * len(names)), WAIT_S)
        assert set((await holders(redis)).values()) == {"own-b"}
        assert await ingest_holder(redis) == "own-b"

        workers.start("own-c")  # joins: own-b hands half of its partitions over
        await eventually(lambda: _shared_by(redis, {"own-b", "own-c"}), WAIT_S)
        await publish_wave(redis, names, 40, 10)
        await eventually(lambda: _at_least(redis, names, 50 * len(names)), WAIT_S)
        await eventually(lambda: _nothing_pending(redis), WAIT_S)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- worker output ---\n{workers.output()}") from exc
    finally:
        workers.kill_all()

    records = [Handled.parse(line) for line in await redis.lrange(OWN_LOG, 0, -1)]
    assert records and all(r.lease_held for r in records), "handled without holding the lease"
    intervals = _lease_intervals(records)
    for partition, leases in intervals.items():
        for (t1, p1, _, end1), (t2, p2, start2, _) in pairwise(leases):
            assert end1 <= start2, f"partition {partition}: lease {t1} ({p1}) and {t2} ({p2})"
    moves = {(a[1], b[1]) for leases in intervals.values() for a, b in pairwise(leases)}
    assert ("own-a", "own-b") in moves, dict(intervals)  # the killed process's partitions moved
    assert ("own-b", "own-c") in moves  # a rebalance handed partitions to the newcomer
    ingest = [(a[1], b[1]) for a, b in pairwise(intervals[INGEST_PARTITION])]
    assert ingest == [("own-a", "own-b")], intervals[INGEST_PARTITION]  # one reader at a time
    for customer in names:  # each customer's entries applied once each, in order
        order = [int(s) for s in await redis.lrange(OWN_ORDER + customer, 0, -1)]
        trail = " ".join(
            f"{r.process[-1]}{r.token}:{r.seq}{r.phase[0]}"
            for r in records
            if r.customer == customer
        )
        assert order == list(range(50)), (customer, trail[:1500])


def _lease_intervals(records: list[Handled]) -> dict[int, list[tuple[int, str, int, int]]]:
    """Per partition, its leases in token order: (token, process, first, last handling)."""
    seen: dict[tuple[int, int], list[Handled]] = defaultdict(list)
    for r in records:
        seen[(r.partition, r.token)].append(r)
    out: dict[int, list[tuple[int, str, int, int]]] = defaultdict(list)
    for (partition, token), rs in sorted(seen.items()):
        assert len({r.process for r in rs}) == 1, f"lease {token} used by two processes"
        out[partition].append((token, rs[0].process, min(r.at_us for r in rs),
                               max(r.at_us for r in rs)))  # fmt: skip
    return out


async def _shared_by(redis: aioredis.Redis, processes: set[str]) -> bool:
    held = await holders(redis)
    return len(held) == OWN_PARTITIONS and set(held.values()) == processes


async def _at_least(redis: aioredis.Redis, names: list[str], count: int) -> bool:
    return await applied(redis, names) >= count


async def _busy(redis: aioredis.Redis, names: list[str], process: str) -> bool:
    """Mid-backlog, with entries delivered to ``process`` and not yet acknowledged."""
    return await applied(redis, names) >= 100 and await pending_of(redis, process) > 0


async def _ingest_read_by(redis: aioredis.Redis, process: str) -> bool:
    return await ingest_holder(redis) == process


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    for stream in [*STREAMS, OWN_INGEST]:
        if (await redis.xpending(stream, SERVICE))["pending"]:
            return False
    return True
