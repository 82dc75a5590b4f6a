"""Order credit checks through the customers service's use case on a real Redis.

    .venv/bin/python bench/credit.py --redis [CUSTOMERS] [CHECKS]   # 100 000, 5 000

Built before the clock starts: CUSTOMERS registered customers, each with a credit account
(two open invoices, one order accepted, a B rating), appended through the event store.
Timed, alternated for 3 rounds at the same concurrency (16): CHECKS order checks on random
customers through ``CreditAccounts.check`` (load the customer, load its credit account,
decide, append ``CreditCheckDecided`` with the outbox) beside a raw redis-py loop doing the
same Redis work (XRANGE both streams, XADD the answer to the account and the outbox).
Printed: checks/s, p50 / p99 latency, Redis round trips and CPU per check.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

import redis.asyncio as aioredis

from services.customers.adapters.access_log import RedisAccessLog
from services.customers.adapters.credit_files import load_credit_policy, load_scorecard
from services.customers.adapters.directory_store import RedisDirectoryStore
from services.customers.adapters.lock import RedisRegistrationLock
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
from shared.infra.eventstore import AppendRequest, EventStore
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause, stamp
from shared.kernel import new_event

PARTITIONS, CONCURRENCY, ROUNDS = 4, 16, 3
NOW = dt.datetime(2026, 11, 30, 2, tzinfo=dt.UTC)


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
            ref = store_ref(kind, cid)
            cause = Cause(correlation_id=uuid.uuid4())
            batch.append(AppendRequest(ref, 0, stamp(events, ref, 0, cid, "customers", cause)))
        if len(batch) >= 1000:
            await store.append_many(batch)
            batch = []
    if batch:
        await store.append_many(batch)


def store_ref(kind: str, cid: str):  # type: ignore[no-untyped-def]
    from shared.infra.eventstore import StreamRef

    return StreamRef(kind, cid, cid)


def accounts(redis: aioredis.Redis) -> CreditAccounts:
    store, clock = EventStore(redis, "customers", PARTITIONS), FixedClock(NOW)
    customers = Customers(
        RedisRepository(store, AGGREGATE_TYPE, initial, evolve, CustomerState, clock),
        vault=None,  # type: ignore[arg-type]  # a check reads no personal data
        lock=RedisRegistrationLock(redis), access_log=RedisAccessLog(redis), clock=clock,
        directory=RedisDirectoryStore(redis),
    )  # fmt: skip
    credit = RedisRepository(store, CREDIT_AGGREGATE, initial_credit, evolve_credit, CreditState,
                             clock, cache_size=0)  # fmt: skip
    return CreditAccounts(credit, customers, load_scorecard(), clock, load_credit_policy())


async def raw_check(redis: aioredis.Redis, cid: str, n: int) -> None:
    p = keys.partition_of(cid, PARTITIONS)
    await redis.xrange(keys.aggregate_stream(p, AGGREGATE_TYPE, cid))
    entries = await redis.xrange(keys.aggregate_stream(p, CREDIT_AGGREGATE, cid))
    payload = json.dumps({"order_id": f"R{n}", "seen": len(entries)})
    # Beside the account and the outbox (their entries have the event store's shape).
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(keys.aggregate_stream(p, CREDIT_AGGREGATE, cid) + ":raw", {"__data__": payload})
        pipe.xadd(keys.outbox(p, "customers") + ":raw", {"__data__": payload})
        await pipe.execute()


async def timed(count: int, one: Callable[[int], Awaitable[None]]) -> tuple[float, list[float]]:
    gate, latencies = asyncio.Semaphore(CONCURRENCY), []

    async def run(i: int) -> None:
        async with gate:
            started = time.perf_counter()
            await one(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(run(i) for i in range(count)))
    return time.perf_counter() - started, latencies


async def redis_stats(redis: aioredis.Redis) -> tuple[int, float]:
    stats, cpu = await redis.info("stats"), await redis.info("cpu")
    return int(stats["total_commands_processed"]), float(cpu["used_cpu_sys"]) + float(
        cpu["used_cpu_user"]
    )


async def main(url: str, customers: int, checks: int) -> None:
    redis = aioredis.Redis.from_url(url, max_connections=64)
    started = time.perf_counter()
    await build(redis, customers)
    print(f"built {customers:,} customers with credit accounts in "
          f"{time.perf_counter() - started:.0f} s (not timed)")  # fmt: skip
    credit, rng = accounts(redis), random.Random(7)
    ids = [f"C-{rng.randrange(customers):06d}" for _ in range(checks)]

    async def ours(i: int) -> None:
        order = OrderToCheck(order_id=f"SO-{i}", amount=cny(30_000))
        await credit.check(ids[i], order, "bench", key=None)

    async def raw(i: int) -> None:
        await raw_check(redis, ids[i], i)

    Run = tuple[float, list[float], int, float, float]
    results: dict[str, list[Run]] = {"ours": [], "raw": []}
    for _ in range(ROUNDS):
        for name, one in (("ours", ours), ("raw", raw)):
            commands, redis_cpu = await redis_stats(redis)
            cpu = time.process_time()
            seconds, latencies = await timed(checks, one)
            cpu = time.process_time() - cpu
            after_commands, after_cpu = await redis_stats(redis)
            results[name].append((seconds, latencies, after_commands - commands, cpu,
                                  after_cpu - redis_cpu))  # fmt: skip
    for name, runs in results.items():
        rates = [checks / r[0] for r in runs]
        lat = sorted(x for r in runs for x in r[1])
        q = statistics.quantiles(lat, n=100)
        trips = statistics.median(r[2] for r in runs) / checks
        cpu = statistics.median(r[3] for r in runs) / checks * 1000
        rcpu = statistics.median(r[4] for r in runs) / checks * 1000
        print(f"  {name:5}: {statistics.median(rates):>8,.0f} checks/s  p50 {q[49] * 1000:.1f} ms"
              f"  p99 {q[98] * 1000:.1f} ms  {trips:.1f} Redis commands/check"
              f"  client CPU {cpu:.2f} ms/check  Redis CPU {rcpu:.3f} ms/check")  # fmt: skip
    ratios = [(checks / o[0]) / (checks / r[0]) for o, r in zip(results["ours"], results["raw"],
                                                                strict=True)]  # fmt: skip
    print(f"  ratio: {statistics.median(ratios):.2f}× of raw redis-py (median of {ROUNDS} rounds)")
    await redis.aclose()


def run(customers: int, checks: int) -> None:
    from common import bench_redis

    with bench_redis() as server:
        print(f"\norder credit checks through the use case, {customers:,} customers, "
              f"{checks:,} checks per round, concurrency {CONCURRENCY}")  # fmt: skip
        asyncio.run(main(server.url, customers, checks))
