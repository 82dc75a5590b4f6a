"""Analytics: report time of aging and DSO over a large book, and loading the projection,
each beside a raw scan of the same data.

    .venv/bin/python bench/analytics.py [N]          # default 1 000 000 invoices

The book (N invoices over 24 months, 60 % paid, a tenth of those after a backdated value
date) is built before any clock starts. Each round times, alternately, the report and its
baseline, three rounds; the median of each and the median ratio are printed.

1. aging as of a date (``aging``, every invoice's position, bucketed per currency) beside a
   raw pass over (amount, paid, due date) tuples of the same invoices summing the buckets;
2. DSO as of a date (``dso``: simple and count-back over 24 months of net sales) beside a
   raw pass summing open amounts and monthly sales from the same tuples;
3. loading the projection from Redis (HSCAN + parse every fact into the book) beside the
   raw HSCAN of the same hashes (the Redis floor), for min(N, 200 000) invoices;
4. the book's memory: in a fresh process that first reads the facts' JSON (as stored in
   Redis) into memory, the growth of its resident set while every fact is parsed and
   recorded, as the projection's load does — per invoice and for N invoices.

    .venv/bin/python bench/analytics.py --memory-only [N]   # only 4.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import redis.asyncio as aioredis
import structlog
from common import bench_redis

from services.analytics.adapters.redis_facts import RedisFactStore, RedisRecordedEvents
from services.analytics.application.projection import Projection
from services.analytics.domain.aging import BUCKETS, aging, bucket_of
from services.analytics.domain.book import Book
from services.analytics.domain.dso import dso
from services.analytics.domain.facts import FACT, InvoiceIssued, PaymentApplied
from shared.contracts.money import Money
from shared.infra import keys

AS_OF = dt.date(2026, 11, 30)
START = dt.date(2024, 12, 1)
PARTITIONS = 4


def cny(cents: int) -> Money:
    return Money.model_construct(amount=Decimal(cents).scaleb(-2), currency="CNY")


def facts(n: int) -> list[InvoiceIssued | PaymentApplied]:
    out: list[InvoiceIssued | PaymentApplied] = []
    for i in range(n):
        issued = START + dt.timedelta(days=i * 730 // n)
        due = issued + dt.timedelta(days=30 + 30 * (i % 3))
        amount = cny(10_000 + (i * 7919) % 5_000_000)
        out.append(
            InvoiceIssued.model_construct(
                fact_id=f"i{i}",
                kind="invoice_issued",
                invoice_id=f"INV-{i}",
                customer_id=f"C-{i % 20_000}",
                amount=amount,
                issue_date=issued,
                due_date=due,
                item="invoice",
            )
        )
        if i % 5 < 3:  # 60 % paid, some late, some backdated
            value = due + dt.timedelta(days=(i % 90) - 20 - (5 if i % 10 == 0 else 0))
            out.append(
                PaymentApplied.model_construct(
                    fact_id=f"p{i}",
                    kind="payment_applied",
                    payment_id=f"PAY-{i}",
                    invoice_id=f"INV-{i}",
                    amount=amount,
                    value_date=value,
                )
            )
    return out


def raw_rows(
    items: list[InvoiceIssued | PaymentApplied],
) -> list[tuple[Decimal, Decimal, dt.date, dt.date]]:
    """(amount, paid by AS_OF, due date, issue date) per invoice: what a raw scan reads."""
    paid: dict[str, Decimal] = {}
    for f in items:
        if isinstance(f, PaymentApplied) and f.value_date <= AS_OF:
            paid[f.invoice_id] = paid.get(f.invoice_id, Decimal(0)) + f.amount.amount
    return [
        (f.amount.amount, paid.get(f.invoice_id, Decimal(0)), f.due_date, f.issue_date)
        for f in items
        if isinstance(f, InvoiceIssued)
    ]


def raw_aging(rows: list[tuple[Decimal, Decimal, dt.date, dt.date]]) -> list[Decimal]:
    sums = [Decimal(0)] * len(BUCKETS)
    for amount, paid, due, issued in rows:
        if issued <= AS_OF and amount > paid:
            sums[BUCKETS.index(bucket_of((AS_OF - due).days))] += amount - paid
    return sums


def raw_dso(
    rows: list[tuple[Decimal, Decimal, dt.date, dt.date]],
) -> tuple[Decimal, dict[tuple[int, int], Decimal]]:
    open_total, sales = Decimal(0), {}
    for amount, paid, _, issued in rows:
        if issued <= AS_OF:
            open_total += max(amount - paid, Decimal(0))
            key = (issued.year, issued.month)
            sales[key] = sales.get(key, Decimal(0)) + amount
    return open_total, sales


def rounds(name: str, ours: Callable[[], object], raw: Callable[[], object], n: int) -> None:
    mine, base = [], []
    for _ in range(3):
        for runs, call in ((mine, ours), (base, raw)):
            cpu, wall = time.process_time(), time.perf_counter()
            call()
            runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    m, b = statistics.median(w for w, _ in mine), statistics.median(w for w, _ in base)
    ratio = statistics.median(w1 / w2 for (w1, _), (w2, _) in zip(mine, base, strict=True))
    cpu_per = statistics.median(c for _, c in mine) / n * 1e6
    print(f"\n{name} over {n:,} invoices (3 rounds, alternated, medians)")
    print(f"  huikuan : {m:8.2f} s   ({cpu_per:.1f} µs CPU per invoice)")
    print(f"  raw scan: {b:8.2f} s")
    print(f"  ratio   : {ratio:.1f}× the raw scan")


async def load_rounds(items: list[InvoiceIssued | PaymentApplied], n: int) -> None:
    with bench_redis() as server:
        redis = aioredis.Redis.from_url(server.url)
        async with redis.pipeline(transaction=False) as pipe:
            for f in items:
                owner = (
                    f.customer_id
                    if isinstance(f, InvoiceIssued)
                    else f"C-{int(f.invoice_id[4:]) % 20_000}"
                )
                pipe.hset(
                    f"hk:{keys.tag(keys.partition_of(owner, PARTITIONS))}:proj:analytics:facts",
                    f.fact_id,
                    f.model_dump_json(),
                )
            await pipe.execute()
        projection = Projection(
            RedisFactStore(redis, PARTITIONS),
            RedisRecordedEvents(redis, PARTITIONS, ()),
            ZoneInfo("UTC"),
        )

        async def raw() -> int:
            count, calls = 0, 0
            for p in range(PARTITIONS):
                cursor = 0
                while True:
                    cursor, found = await redis.hscan(
                        f"hk:{keys.tag(p)}:proj:analytics:facts", cursor, count=2000
                    )
                    count, calls = count + len(found), calls + 1
                    if cursor == 0:
                        break
            return calls

        mine, base, cpu = [], [], []
        for _ in range(3):
            started, used = time.perf_counter(), time.process_time()
            loaded = await projection.load()
            mine.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
            started = time.perf_counter()
            calls = await raw()
            base.append(time.perf_counter() - started)
        assert loaded == len(items)
        ratio = statistics.median(a / b for a, b in zip(mine, base, strict=True))
        print(
            f"\nprojection load from Redis: {len(items):,} facts of {n:,} invoices "
            f"({calls} HSCAN round trips, same for both)"
        )
        took, per = statistics.median(mine), statistics.median(cpu) / len(items) * 1e6
        print(
            f"  huikuan : {took:8.2f} s  ({len(items) / took:,.0f} facts/s, {per:.0f} µs CPU/fact)"
        )
        print(f"  raw scan: {statistics.median(base):8.2f} s  (the Redis floor: HSCAN alone)")
        print(f"  ratio   : {ratio:.1f}× the raw HSCAN")
        await redis.aclose()


def resident() -> int:
    """This process's resident set now (not its peak), in bytes."""
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def book_memory(path: str, n: int) -> None:
    """Run in a fresh process: the facts' JSON read first, then the book built from it."""
    with open(path, "rb") as lines:
        raws = lines.read().splitlines()
    gc.collect()
    before = resident()
    book = Book()
    for raw in raws:
        book.record(FACT.validate_json(raw))
    gc.collect()
    grown = resident() - before
    print(f"\nbook in memory: {len(raws):,} facts of {n:,} invoices (fresh process, RSS growth)")
    print(f"  {grown / 2**20:,.0f} MiB, {grown / n:,.0f} bytes per invoice")
    print(f"  (aging check: {aging(book, AS_OF).totals()['CNY']} CNY open)")


def memory_rounds(n: int) -> None:
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl") as out:
        for fact in facts(n):
            out.write(fact.model_dump_json().encode() + b"\n")
        out.flush()
        subprocess.run([sys.executable, __file__, "--book-memory", out.name, str(n)], check=True)


def main(n: int) -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    memory_rounds(n)
    items = facts(n)
    book = Book.of(items)
    rows = raw_rows(items)
    table = aging(book, AS_OF)
    assert table.rows[0].amounts == tuple(raw_aging(rows)), "aging and the raw scan disagree"
    rounds("aging as of 2026-11-30", lambda: aging(book, AS_OF), lambda: raw_aging(rows), n)
    report = dso(book, AS_OF, "CNY")
    assert report.receivables == raw_dso(rows)[0], "DSO's receivables and the raw scan disagree"
    rounds(
        "DSO (simple + count-back, 24 months)",
        lambda: dso(book, AS_OF, "CNY"),
        lambda: raw_dso(rows),
        n,
    )
    print(f"  DSO count-back {report.count_back.dso} days, simple {report.simple.dso} days")
    small = min(n, 200_000)
    subset = [f for f in items if int(f.invoice_id[4:]) < small]
    asyncio.run(load_rounds(subset, small))
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--book-memory"]:
        book_memory(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["--memory-only"]:
        memory_rounds(int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
