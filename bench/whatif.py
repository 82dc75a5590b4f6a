"""What-if replay of many debtors' recorded histories, beside a raw read of the same streams.

    .venv/bin/python bench/whatif.py [N]          # default 10 000 debtors

The histories are recorded before any clock starts, by the collections application itself
on a throw-away redis-server (event store, Lua appends, timers) on a fixed clock moved day
by day: each debtor is registered, invoiced, misses the payment, is reviewed on the days
levels fall due, and a third pay before the demand. Then, alternated over three rounds:

- huikuan: ``WhatIf.run`` over all N debtors with a candidate ``cn`` policy that adds a
  reminder three days before the due date (read each history, replay it twice through the
  pure domain, compare) — debtors/s and CPU per debtor;
- raw: the same N ``XRANGE`` reads of the debtors' streams, one after another like the
  replay's (the Redis floor), and the same reads parsed (``EventStore.load``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import statistics
import sys
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

import redis.asyncio as aioredis
import structlog
import yaml
from common import bench_redis

from services.collections.adapters.policy_files import SHIPPED, load_book
from services.collections.application.service import Collections
from services.collections.application.whatif import WhatIf, candidate_of
from services.collections.domain.review import TIMER_KIND, review_timer_id
from services.collections.domain.state import AGGREGATE_TYPE, Debtor, evolve, initial
from shared.contracts import Money
from shared.contracts.customers import CustomerRegistered
from shared.contracts.invoicing import InvoiceIssued, PaymentMissed, PaymentReceived
from shared.infra.clock import FixedClock
from shared.infra.eventstore import EventStore
from shared.infra.redis_repository import RedisRepository
from shared.kernel import Timer
from shared.kernel.ids import derived_id

ZONE = ZoneInfo("Asia/Shanghai")
DAY0 = dt.date(2026, 3, 2)
PARTITIONS = 4
BATCH = 50  # debtors recorded concurrently (below the pool's 64 connections)


def local(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), ZONE)


def envelope(cls: type, aggregate: str, version: int, **fields: object) -> object:
    return cls.model_validate(
        {
            "event_id": derived_id("bench", aggregate, version, cls.__name__),
            "occurred_at": local(DAY0),
            "aggregate_id": aggregate,
            "aggregate_version": version,
            "correlation_id": derived_id("flow", aggregate),
            "producer": cls.family,
            **fields,
        }
    )


def plan(i: int) -> dict[dt.date, list[object]]:
    """Day → what reaches the debtor that day (facts, or None for a review)."""
    cid, shift = f"C-{i:05d}", i % 10
    issued, due = DAY0 + dt.timedelta(days=shift), DAY0 + dt.timedelta(days=shift + 20)
    amount = Money(amount=Decimal(4_000 + (i * 37) % 16_000), currency="CNY")
    inv = f"INV-{i}"
    days: dict[dt.date, list[object]] = {
        issued: [
            envelope(
                CustomerRegistered, cid, 1, customer_id=cid, jurisdiction="cn", currency="CNY"
            ),
            envelope(
                InvoiceIssued,
                inv,
                1,
                invoice_id=inv,
                customer_id=cid,
                external_number=inv,
                amount=amount,
                issue_date=issued,
                due_date=due,
            ),
        ],
        due + dt.timedelta(days=3): [
            envelope(
                PaymentMissed,
                inv,
                2,
                invoice_id=inv,
                customer_id=cid,
                external_number=inv,
                due_date=due,
                outstanding=amount,
                grace_days=3,
            )
        ],
    }
    for dpd in (15, 30, 45):
        days.setdefault(due + dt.timedelta(days=dpd), []).append(None)
    if i % 3 == 0:
        paid = due + dt.timedelta(days=20)
        days.setdefault(paid, []).append(
            envelope(
                PaymentReceived,
                inv,
                3,
                payment_id=f"PAY-{i}",
                invoice_id=inv,
                customer_id=cid,
                amount=amount,
                value_date=paid,
                outstanding=Money(amount=Decimal(0), currency="CNY"),
            )
        )
    return days


async def record(collections: Collections, clock: FixedClock, n: int) -> None:
    plans = [plan(i) for i in range(n)]
    for day in sorted({d for p in plans for d in p}):
        clock.set(local(day))
        work = [(i, item) for i, p in enumerate(plans) for item in p.get(day, [])]
        for start in range(0, len(work), BATCH):
            await asyncio.gather(
                *(_apply(collections, i, item, day) for i, item in work[start : start + BATCH])
            )


async def _apply(collections: Collections, i: int, item: object, day: dt.date) -> None:
    if item is None:
        cid = f"C-{i:05d}"
        timer = Timer(
            timer_id=review_timer_id(cid),
            kind=TIMER_KIND,
            aggregate_id=cid,
            due_at=dt.datetime.combine(day, dt.time(), ZONE),
        )
        await collections.on_timer(timer)
    else:
        await collections.follow(item)  # type: ignore[arg-type]


def candidate() -> str:
    policy = yaml.safe_load((SHIPPED / "cn.yaml").read_text(encoding="utf-8"))
    policy["version"] = "cn-2026.2-trial"
    policy["levels"].insert(
        0,
        {
            "level": 1,
            "name": "reminded.before_due",
            "state": "reminded",
            "when": {"days_past_due": -3},
            "actions": [
                {"kind": "reminder", "template": "pre_due_reminder", "channels": ["email"]}
            ],
        },
    )
    for number, level in enumerate(policy["levels"], start=1):
        level["level"] = number
    return yaml.safe_dump(policy, allow_unicode=True, sort_keys=False)


async def main(n: int) -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with bench_redis() as server:
        pool = aioredis.BlockingConnectionPool.from_url(server.url, max_connections=64, timeout=60)
        redis = aioredis.Redis(connection_pool=pool)
        book, clock = load_book(), FixedClock(local(DAY0))
        store = EventStore(redis, "collections", PARTITIONS)
        repository = RedisRepository(store, AGGREGATE_TYPE, initial, evolve, Debtor, clock)
        started = time.perf_counter()
        await record(Collections(repository, clock, book), clock, n)
        print(
            f"recorded {n:,} debtors' histories in {time.perf_counter() - started:.0f} s "
            f"({await redis.dbsize():,} keys)"
        )
        ids = [f"C-{i:05d}" for i in range(n)]
        refs = [repository.ref(c) for c in ids]
        streams = [store.stream_key(r) for r in refs]
        whatif, policy = WhatIf(repository, book), candidate_of(candidate())
        start, end = DAY0 - dt.timedelta(days=1), DAY0 + dt.timedelta(days=90)

        async def ours() -> int:
            report = await whatif.run(policy, ids, start, end, {"pre_due_reminder": Decimal("0.2")})
            return report.totals["added"]

        async def raw() -> int:
            return sum([len(await redis.xrange(s)) for s in streams])

        async def parsed() -> int:
            return sum([len((await store.load(r)).events) for r in refs])

        runs: dict[str, list[tuple[float, float]]] = {
            "huikuan": [],
            "raw XRANGE": [],
            "XRANGE + parse": [],
        }
        for _ in range(3):
            for name, call in (("huikuan", ours), ("raw XRANGE", raw), ("XRANGE + parse", parsed)):
                wall, cpu = time.perf_counter(), time.process_time()
                result = await call()
                runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))
                if name == "huikuan":
                    added = result
        print(f"\nwhat-if of {n:,} debtors (3 rounds alternated, medians; {added:,} steps added)")
        for name, timings in runs.items():
            wall = statistics.median(w for w, _ in timings)
            cpu = statistics.median(c for _, c in timings) / n * 1e6
            rate = f"{n / wall:>9,.0f} debtors/s"
            print(
                f"  {name:<15}: {rate}  ({wall:.2f} s, {cpu:,.0f} µs CPU/debtor, {n} round trips)"
            )
        ratio = statistics.median(
            a[0] / b[0] for a, b in zip(runs["huikuan"], runs["raw XRANGE"], strict=True)
        )
        print(f"  ratio          : {ratio:.1f}× the raw XRANGE")
        await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
