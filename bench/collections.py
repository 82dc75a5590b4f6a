"""Collections' debtor state machine over a backlog, vs a raw redis-py loop doing the same
reads and writes.

    .venv/bin/python bench/collections.py [--events N] [--debtors D] [--workers W] [--large]

A backlog of invoicing facts (issue → missed → partial payment → rest paid + settled,
invoice after invoice) for D debtors is applied through ``Collections.follow``: load the
debtor's stream, decide (policy rules, pure), append with version check + hash chain +
outbox + dedupe + review timer in one Lua script, update the worklist projection.
The raw side does, per event, the same round trips with redis-py: XRANGE of the
debtor's stream, one pipeline with XADD (stream + outbox), SET (dedupe), ZADD + HSET
(timer) and ZADD + HSET (worklist) — and no decision at all. Both sides run W workers,
each owning a disjoint set of debtors (as partition owners would). ``--large`` means
1,000,000 events over 100,000 debtors. Peak memory is the process's max RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import resource
import uuid
from collections.abc import Iterator
from decimal import Decimal

import redis.asyncio as aioredis
import structlog
from common import Timer, bench_redis, report

from services.collections.adapters.policy_files import load_book
from services.collections.adapters.worklist_store import RedisWorklistStore
from services.collections.app import SNAPSHOT_EVERY
from services.collections.application.service import Collections
from services.collections.application.worklist import Worklist
from services.collections.domain.state import AGGREGATE_TYPE, Debtor, evolve, initial
from shared.contracts import Event, Money, encode_event
from shared.contracts.invoicing import InvoiceIssued, InvoiceSettled, PaymentMissed, PaymentReceived
from shared.infra import keys
from shared.infra.eventstore import EventStore
from shared.infra.redis_repository import RedisRepository
from shared.kernel.ids import derived_id

PARTITIONS = 4
NOW = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)


class FixedClock:
    async def now(self) -> dt.datetime:
        return NOW


def _env(invoice: str, version: int) -> dict[str, object]:
    return {
        "event_id": derived_id("bench", invoice, version),
        "occurred_at": NOW,
        "aggregate_id": invoice,
        "aggregate_version": version,
        "correlation_id": derived_id("bench-flow", invoice),
        "producer": "invoicing",
    }


def invoice_facts(customer_id: str, k: int) -> list[Event]:
    """Five facts about invoice k of a debtor: issued, missed, half paid, rest paid, settled."""
    number, cny = f"{customer_id}-{k}", (lambda a: Money(amount=Decimal(a), currency="CNY"))
    due = NOW.date() - dt.timedelta(days=5 + k % 20)
    common = {"invoice_id": number, "customer_id": customer_id}
    return [
        InvoiceIssued(**_env(number, 1), **common, external_number=number, amount=cny("1000.00"),
                      issue_date=due - dt.timedelta(days=30), due_date=due),
        PaymentMissed(**_env(number, 2), **common, external_number=number, due_date=due,
                      outstanding=cny("1000.00"), grace_days=3),
        PaymentReceived(**_env(number, 3), **common, payment_id=f"{number}-p1",
                        amount=cny("400.00"), value_date=NOW.date(), outstanding=cny("600.00")),
        PaymentReceived(**_env(number, 4), **common, payment_id=f"{number}-p2",
                        amount=cny("600.00"), value_date=NOW.date(), outstanding=cny("0.00")),
        InvoiceSettled(**_env(number, 5), **common, settled_on=NOW.date()),
    ]  # fmt: skip


def backlog(worker: int, workers: int, debtors: int, per_debtor: int) -> Iterator[Event]:
    """This worker's debtors' facts, debtor after debtor (generated lazily)."""
    for d in range(worker, debtors, workers):
        customer_id = f"C-{d:07d}"
        facts = [f for k in range(per_debtor // 5 + 1) for f in invoice_facts(customer_id, k)]
        yield from facts[:per_debtor]


async def run_collections(redis: aioredis.Redis, args: argparse.Namespace, per: int) -> None:
    store = EventStore(redis, "collections", PARTITIONS)
    clock = FixedClock()
    repository = RedisRepository(
        store, AGGREGATE_TYPE, initial, evolve, Debtor, clock, snapshot_every=SNAPSHOT_EVERY
    )
    book = load_book()
    service = Collections(repository, clock, book, Worklist(RedisWorklistStore(redis), book))

    async def worker(w: int) -> None:
        for event in backlog(w, args.workers, args.debtors, per):
            await service.follow(event)

    await asyncio.gather(*(worker(w) for w in range(args.workers)))


async def run_raw(redis: aioredis.Redis, args: argparse.Namespace, per: int) -> None:
    async def worker(w: int) -> None:
        for event in backlog(w, args.workers, args.debtors, per):
            await raw_step(redis, event)

    await asyncio.gather(*(worker(w) for w in range(args.workers)))


async def raw_step(redis: aioredis.Redis, event: Event) -> None:
    customer_id = event.customer_id  # type: ignore[attr-defined]
    p = keys.partition_of(customer_id, PARTITIONS)
    stream = keys.aggregate_stream(p, "raw-debtor", customer_id)
    history = await redis.xrange(stream)
    payload = encode_event(event)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(stream, {"__data__": payload, "hash": "0" * 64}, id=f"{len(history) + 1}-1")
        pipe.xadd(keys.outbox(p, "raw"), {"__data__": payload})
        pipe.set(f"hk:{{p{p:02d}}}:raw:dedupe:{event.event_id}", 1)
        pipe.zadd(keys.timers(p, "raw"), {f"review:{customer_id}": 1})
        pipe.hset(keys.timer_data(p, "raw"), f"review:{customer_id}", payload)
        pipe.zadd("hk:raw:worklist:rank", {customer_id: 1.0})
        pipe.hset("hk:raw:worklist:entries", customer_id, json.dumps({"id": customer_id}))
        await pipe.execute()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main(args: argparse.Namespace) -> None:
    per = max(args.events // args.debtors, 1)
    n = per * args.debtors
    with bench_redis() as server:
        redis = aioredis.Redis.from_url(server.url)
        with Timer() as raw:
            await run_raw(redis, args, per)
        raw_peak = peak_mib()
        with Timer() as ours:
            await run_collections(redis, args, per)
        ours_peak = peak_mib()
        debtors = await redis.zcard("hk:collections:worklist:rank")
        await redis.aclose()
    title = (
        f"collections: {n:,} invoicing facts over {args.debtors:,} debtors, {args.workers} workers"
    )
    report(title, n, ours.seconds, raw.seconds)
    print(f"  peak RSS: {raw_peak:,.0f} MiB after raw, {ours_peak:,.0f} MiB after collections")
    print(f"  (worklist held {debtors:,} debtors at the end; run id {uuid.uuid4().hex[:6]})")


def quiet() -> None:
    """Per-transition INFO logs are the service's; here they would only measure the terminal."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--debtors", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--large", action="store_true", help="1M events over 100k debtors")
    args = parser.parse_args()
    if args.large:
        args.events, args.debtors = 1_000_000, 100_000
    return args


if __name__ == "__main__":
    quiet()
    asyncio.run(main(parse()))
