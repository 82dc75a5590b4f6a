"""Order credit checks through the customers service's use case on a real Redis, beside
raw redis-py doing the same Redis work.

    .venv/bin/python bench/credit.py --redis [CUSTOMERS] [CHECKS] [--clients 8,32]
    # defaults: 100 000 customers, 3 000 checks per round, 8 and 32 clients

Built before any clock starts: CUSTOMERS registered customers, each with a credit account
(two open invoices, one order accepted, a B rating), appended through the event store.
Then, for each number of clients, a closed loop: that many clients, each sending its next
check as soon as its last was answered (latency is honest only when the offered load is
what the system answers, not a queue piling up in front of it). A warm-up of
``WARMUP`` checks per side, then ``ROUNDS`` rounds alternating ours and raw, each on
customers drawn at random from all CUSTOMERS; the medians over rounds are printed.

- ours: ``CreditAccounts.check`` wired as the app wires it — the customer's registered
  currency (read once per process), the credit account's load (snapshot and tail, one
  script), the decision, and the append of ``CreditCheckDecided`` with its outbox entry;
- raw: on the same client (the services' pool, commands packed in C), one pipeline
  reading the same keys (the customer's stream, the account's snapshot and stream), then
  one MULTI adding an entry to the account's and the outbox's stream
  (beside them, ``…:raw``): the floor any implementation over these keys pays.

Sides, alternated in each round on the same process and Redis:

- ``ours``: the process's heap settled as a service's is after start-up
  (``shared.infra.gc_tuning.settle_after_start``: start-up objects frozen out of the
  collector's walks, young collections rarer);
- ``ours, gc as before`` (``before``): the same with CPython's default collector (nothing
  frozen, thresholds 700/10/10) — the tail a full collection over the whole heap gives;
- ``raw``, on the settled heap.

Printed per side: checks/s, p50, p99 and the slowest latency, round trips (socket writes,
counted in this process) per check, client CPU and Redis CPU per check, full (generation
2) collections during the round and their longest pause, and the load average of the
machine (client, Redis and everything else share its cores).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.connection import Connection

from services.customers.adapters.access_log import RedisAccessLog
from services.customers.adapters.credit_files import load_credit_policy, load_scorecard
from services.customers.adapters.directory_store import RedisDirectoryStore
from services.customers.adapters.lock import RedisRegistrationLock
from services.customers.app import CREDIT_SNAPSHOT_EVERY
from services.customers.application.credit import CreditAccounts
from services.customers.application.service import Customers
from services.customers.domain.credit.check import OrderToCheck
from services.customers.domain.credit.exposure import OrderAccepted
from services.customers.domain.creditfile import (
    CREDIT_AGGREGATE,
    CreditState,
    evolve_credit,
    initial_credit,
)
from services.customers.domain.creditfile_events import CreditInvoiceTracked, CreditOrderRecorded
from services.customers.domain.state import AGGREGATE_TYPE, CustomerState, evolve, initial
from shared.contracts import Event
from shared.contracts.customers import CreditRated, CustomerRegistered
from shared.contracts.money import Money
from shared.infra import keys
from shared.infra.clock import FixedClock
from shared.infra.connection import async_client
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.infra.gc_tuning import settle_after_start
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause, stamp
from shared.kernel import new_event

PARTITIONS, ROUNDS, WARMUP = 4, 3, 500
CLIENTS = (8, 32)
NOW = dt.datetime(2026, 11, 30, 2, tzinfo=dt.UTC)


class CountedConnection(Connection):
    """A connection that counts its socket writes: one per command or pipeline."""

    writes = 0

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountedConnection.writes += 1
        await super().send_packed_command(command, check_health)


def cny(amount: int) -> Money:
    return Money(amount=amount, currency="CNY")


def customer_events(cid: str) -> list[Event]:
    return [new_event(CustomerRegistered, NOW, customer_id=cid, jurisdiction="cn",
                      currency="CNY")]  # fmt: skip


def credit_events(cid: str) -> list[Event]:
    day = NOW.date()
    invoices = [new_event(CreditInvoiceTracked, NOW, customer_id=cid, invoice_id=f"{cid}-I{n}",
                          amount=cny(40_000), issue_date=day - dt.timedelta(days=40 + n),
                          due_date=day - dt.timedelta(days=n)) for n in (1, 3)]  # fmt: skip
    order = OrderAccepted(order_id=f"{cid}-SO0", amount=cny(25_000), accepted_on=day)
    accepted = new_event(CreditOrderRecorded, NOW, customer_id=cid, order=order)
    rated = new_event(CreditRated, NOW, customer_id=cid, rating="B", score=760, rule="bench")
    return [*invoices, accepted, rated]


async def build(redis: aioredis.Redis, n: int) -> None:
    store = EventStore(redis, "customers", PARTITIONS)
    batch: list[AppendRequest] = []
    for i in range(n):
        cid = f"C-{i:06d}"
        for kind, events in ((AGGREGATE_TYPE, customer_events(cid)),
                             (CREDIT_AGGREGATE, credit_events(cid))):  # fmt: skip
            ref = StreamRef(kind, cid, cid)
            cause = Cause(correlation_id=uuid.uuid4())
            batch.append(AppendRequest(ref, 0, stamp(events, ref, 0, cid, "customers", cause)))
        if len(batch) >= 1000:
            await store.append_many(batch)
            batch = []
    if batch:
        await store.append_many(batch)


def accounts(redis: aioredis.Redis) -> CreditAccounts:
    """The credit accounts as services/customers/app.py wires them (a fixed clock)."""
    store, clock = EventStore(redis, "customers", PARTITIONS), FixedClock(NOW)
    customers = Customers(
        RedisRepository(store, AGGREGATE_TYPE, initial, evolve, CustomerState, clock),
        vault=None,  # type: ignore[arg-type]  # a check reads no personal data
        lock=RedisRegistrationLock(redis), access_log=RedisAccessLog(redis), clock=clock,
        directory=RedisDirectoryStore(redis),
    )  # fmt: skip
    credit = RedisRepository(store, CREDIT_AGGREGATE, initial_credit, evolve_credit, CreditState,
                             clock, snapshot_every=CREDIT_SNAPSHOT_EVERY)  # fmt: skip
    return CreditAccounts(credit, customers, load_scorecard(), clock, load_credit_policy())


async def raw_check(redis: aioredis.Redis, cid: str, n: int) -> None:
    p = keys.partition_of(cid, PARTITIONS)
    account = keys.aggregate_stream(p, CREDIT_AGGREGATE, cid)
    async with redis.pipeline(transaction=False) as pipe:
        pipe.xrange(keys.aggregate_stream(p, AGGREGATE_TYPE, cid))
        pipe.hmget(keys.snapshot(p, CREDIT_AGGREGATE, cid), "version", "hash", "state", "schema")
        pipe.xrange(account)
        _, _, entries = await pipe.execute()
    payload = json.dumps({"order_id": f"R{n}", "seen": len(entries)})
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(account + ":raw", {"__data__": payload})
        pipe.xadd(keys.outbox(p, "customers") + ":raw", {"__data__": payload})
        await pipe.execute()


class FullCollections:
    """Generation-2 collections seen by ``gc.callbacks``, and how long each held the loop."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)


FULL = FullCollections()


def heap_as_before() -> None:
    """CPython's defaults: nothing frozen, a young collection every 700 allocations."""
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)


@dataclass(frozen=True)
class Run:
    seconds: float
    latencies: list[float]
    round_trips: int
    cpu_s: float
    redis_cpu_s: float
    full_gc_pauses: tuple[float, ...] = ()

    def quantile(self, q: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[q - 1]


async def closed_loop(clients: int, count: int, one: Callable[[int], Awaitable[None]]) -> Run:
    """``clients`` clients, each sending its next check when its last is answered."""
    latencies: list[float] = []
    issued = iter(range(count))

    async def client() -> None:
        for i in issued:
            started = time.perf_counter()
            await one(i)
            latencies.append(time.perf_counter() - started)

    trips, cpu, pauses = CountedConnection.writes, time.process_time(), len(FULL.pauses)
    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    seconds = time.perf_counter() - started
    return Run(seconds, latencies, CountedConnection.writes - trips, time.process_time() - cpu,
               0, tuple(FULL.pauses[pauses:]))  # fmt: skip


async def redis_cpu(redis: aioredis.Redis) -> float:
    cpu = await redis.info("cpu")
    return float(cpu["used_cpu_sys"]) + float(cpu["used_cpu_user"])


async def measured(redis: aioredis.Redis, clients: int, count: int,
                   one: Callable[[int], Awaitable[None]]) -> Run:  # fmt: skip
    before = await redis_cpu(redis)
    run = await closed_loop(clients, count, one)
    return Run(run.seconds, run.latencies, run.round_trips, run.cpu_s,
               await redis_cpu(redis) - before, run.full_gc_pauses)  # fmt: skip


def line(name: str, runs: list[Run], count: int) -> str:
    def per_check(value: Callable[[Run], float]) -> float:
        return statistics.median(value(r) for r in runs) / count

    rate = statistics.median(count / r.seconds for r in runs)
    p50 = statistics.median(r.quantile(50) for r in runs) * 1000
    p99 = statistics.median(r.quantile(99) for r in runs) * 1000
    slowest = statistics.median(max(r.latencies) for r in runs) * 1000
    full = [len(r.full_gc_pauses) for r in runs]
    longest = max((p for r in runs for p in r.full_gc_pauses), default=0.0) * 1000
    return (f"  {name:6}: {rate:>7,.0f} checks/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
            f"  max {slowest:6.1f} ms  {per_check(lambda r: r.round_trips):.2f} round trips/check"
            f"  client CPU {per_check(lambda r: r.cpu_s) * 1000:.2f} ms/check"
            f"  Redis CPU {per_check(lambda r: r.redis_cpu_s) * 1000:.3f} ms/check"
            f"  full GCs {'/'.join(map(str, full))} (longest {longest:.1f} ms)")  # fmt: skip


async def main(url: str, customers: int, checks: int, levels: tuple[int, ...]) -> None:
    # The services' own client (blocking pool, commands packed in C), its writes counted.
    redis = async_client(url, max_connections=64, connection_class=CountedConnection)
    started = time.perf_counter()
    await build(redis, customers)
    print(f"built {customers:,} customers with credit accounts in "
          f"{time.perf_counter() - started:.0f} s (not timed)")  # fmt: skip
    credit, rng, serial = accounts(redis), random.Random(7), iter(range(10**9))

    def sides(count: int) -> dict[str, Callable[[int], Awaitable[None]]]:
        """Each side its own customers and orders, drawn alike."""

        def checks() -> Callable[[int], Awaitable[None]]:
            ids = [f"C-{rng.randrange(customers):06d}" for _ in range(count)]
            orders = [OrderToCheck(order_id=f"SO-{next(serial)}", amount=cny(30_000))
                      for _ in range(count)]  # fmt: skip

            async def ours(i: int) -> None:
                await credit.check(ids[i], orders[i], "bench", key=None)

            return ours

        raw_ids = [f"C-{rng.randrange(customers):06d}" for _ in range(count)]

        async def raw(i: int) -> None:
            await raw_check(redis, raw_ids[i], i)

        return {"ours": checks(), "before": checks(), "raw": raw}

    for clients in levels:
        for one in sides(WARMUP).values():
            await closed_loop(clients, WARMUP, one)
        results: dict[str, list[Run]] = {"ours": [], "before": [], "raw": []}
        load = os.getloadavg()[0]
        for _ in range(ROUNDS):
            for name, one in sides(checks).items():
                if name == "before":
                    heap_as_before()
                else:
                    settle_after_start()
                results[name].append(await measured(redis, clients, checks, one))
        print(f"\n{clients} clients, closed loop, {checks:,} checks per round, median of "
              f"{ROUNDS} alternated rounds (load average {load:.1f} → "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
        for name, runs in results.items():
            print(line(name, runs, checks))
    await redis.aclose()


def run(customers: int, checks: int, levels: tuple[int, ...] = CLIENTS) -> None:
    from common import bench_redis

    with bench_redis() as server:
        print(f"\norder credit checks through the use case beside raw redis-py, "
              f"{customers:,} customers")  # fmt: skip
        asyncio.run(main(server.url, customers, checks, levels))
