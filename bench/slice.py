"""The slice from an ingest backlog, one process per service, beside a raw redis-py loop.

    .venv/bin/python bench/slice.py [N] [--rounds R] [--invoicing-only]
                                          # N default 10,000; the issue's: 50000

Before each timed run the store is emptied, N customers are registered (invoicing opens
their accounts, untimed) and N ``IssueInvoice`` commands (one per customer) wait in
``hk:ingest:invoices``. Then, each stage timed from its first entry done to its
last:

1. **invoicing** (a real ``python -m services.invoicing``, its Redis traffic counted by
   ``bench/counted.py``) turns the backlog into N invoices: N ``InvoiceIssued`` on its
   outbound streams, N due-date timers;
2. **collections** (a real process) follows the N registrations and those N events into N
   debtor aggregates: 2N facts, each counted (a registration is a fact collections
   handles like any other: it opens the debtor).

The raw side does each stage from one async redis-py client in this process, with the
same pool, read batch and handlers in flight as a service: per command a claim of the
invoice number (HSETNX), a read of the aggregate's stream, one MULTI with the event, the
outbound entry, the dedupe record and the timer; per fact of stage 2 (the same 2N: its
backlog holds the registrations too) what ``bench/collections_drain.py``'s raw loop does; one
XACK per batch and stream. No parsing rules, no decisions, no hash chain.

``--invoicing-only`` runs stage 1 alone (both sides), for quicker work on it.

Sides alternate for ``--rounds`` rounds; each line gives rate, Python and Redis CPU per
entry, commands and round trips per entry; then the median ratio. The bench fails when a
handler failed or an entry was dead-lettered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

import redis as sync_redis
import redis.asyncio as aioredis
from common import (
    Sample,
    bench_redis,
    compare,
    drive_service,
    load_bench,
    quiet,
    raw_stage,
)
from counted import _count_packing

from shared.contracts import encode_event
from shared.infra import keys
from shared.infra.redis_wire import pack_in_c
from tests.support.factories import customer_registered

_COLLECTIONS = load_bench("collections_drain")
PARTITIONS, acked, raw_drain = _COLLECTIONS.PARTITIONS, _COLLECTIONS.acked, _COLLECTIONS.raw_drain
BATCH, IN_FLIGHT, POOL = 100, 48, 128  # the services' defaults
INGEST = keys.ingest("invoices")
FOLLOWED = ("customers", "invoicing")  # what collections follows of this slice's output
Stages = tuple[Sample, Sample | None]  # invoicing's, then collections' (None: not run)


def ingest_command(i: int) -> dict[str, Any]:
    """The backlog's i-th command: an invoice for the i-th customer."""
    return {
        "type": "IssueInvoice", "external_number": f"INV-{i:07d}", "customer_id": f"C-{i:07d}",
        "amount": {"amount": "1200.50", "currency": "CNY"},
        "issue_date": "2027-01-02", "due_date": "2027-02-01",
    }  # fmt: skip


def write_backlog(client: sync_redis.Redis, n: int, flush: bool = True) -> None:
    if flush:
        client.flushall(asynchronous=True)
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        pipe.xadd(INGEST, {"__data__": json.dumps(ingest_command(i))})
        if i % 2000 == 1999:
            pipe.execute()
    pipe.execute()


def write_registrations(client: sync_redis.Redis, n: int) -> None:
    """The N customers registered (customers' outbound events), so invoicing opens their
    accounts before the clock starts and books the invoices on them (not held)."""
    client.flushall(asynchronous=True)
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        customer = f"C-{i:07d}"
        stream = keys.outbox(keys.partition_of(customer, PARTITIONS), "customers")
        pipe.xadd(stream, {"__data__": encode_event(customer_registered(customer))})
        if i % 2000 == 1999:
            pipe.execute()
    pipe.execute()


def ingest_done(client: sync_redis.Redis, group: str) -> int:
    for info in client.xinfo_groups(INGEST):
        if info["name"].decode() == group:
            return int(info.get("entries-read") or 0) - int(info["pending"])
    return 0


async def raw_invoicing(url: str) -> None:
    pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=POOL, timeout=30)
    redis = aioredis.Redis(connection_pool=pack_in_c(pool))  # the services' client
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(payload: bytes) -> None:
        cmd = json.loads(payload)
        number, customer = cmd["external_number"], cmd["customer_id"]
        p = keys.partition_of(customer, PARTITIONS)
        stream = keys.aggregate_stream(p, "rawinv", number)
        async with gate:
            owners = f"hk:{keys.tag(keys.partition_of(number, PARTITIONS))}:raw-owners"
            await redis.hsetnx(owners, number, customer)  # the claim of the number
            history = await redis.xrange(stream)
            event = json.dumps({**cmd, "type": "InvoiceIssued", "event_id": str(uuid.uuid4())})
            async with redis.pipeline(transaction=True) as pipe:
                pipe.xadd(stream, {"__data__": event}, id=f"{len(history) + 1}-1")
                pipe.xadd(keys.outbox(p, "invoicing"), {"__data__": event})
                pipe.set(keys.dedupe_record(p, "rawinv", f"issue:{number}"), 1, px=7 * 86400_000)
                pipe.zadd(keys.timers(p, "rawinv"), {number: 1.0})
                pipe.hset(keys.timer_data(p, "rawinv"), number, event)
                await pipe.execute()

    while got := await redis.xreadgroup("raw", "raw-1", {INGEST: ">"}, count=BATCH):
        entries = got[0][1]
        await asyncio.gather(*(one(fields[b"__data__"]) for _, fields in entries))
        await redis.xack(INGEST, "raw", *(entry_id for entry_id, _ in entries))
    await redis.aclose()


def huikuan_round(
    client: sync_redis.Redis, url: str, n: int, folder: Path, follow: bool = True
) -> tuple[Sample, Sample | None]:
    write_registrations(client, n)
    opened = lambda: acked(client, "invoicing", ("customers",))  # noqa: E731
    drive_service(client, url, "invoicing", opened, n, folder, PARTITIONS)  # accounts: untimed
    write_backlog(client, n, flush=False)
    inv = drive_service(client, url, "invoicing", lambda: ingest_done(client, "invoicing"), n,
                        folder, PARTITIONS)  # fmt: skip
    if not follow:
        return inv, None
    coll = drive_service(client, url, "collections",
                         lambda: acked(client, "collections", FOLLOWED), 2 * n, folder,
                         PARTITIONS)  # fmt: skip
    return inv, coll


def raw_round(client: sync_redis.Redis, url: str, n: int, follow: bool = True) -> Stages:
    write_registrations(client, n)  # what collections will follow beside the invoices
    write_backlog(client, n, flush=False)
    client.xgroup_create(INGEST, "raw", id="0")
    inv = raw_stage(client, n, lambda: raw_invoicing(url), lambda: ingest_done(client, "raw"))
    if not follow:
        return inv, None
    for p in range(PARTITIONS):
        for source in FOLLOWED:
            client.xgroup_create(keys.outbox(p, source), "raw", id="0", mkstream=True)
    coll = raw_stage(client, 2 * n, lambda: raw_drain(url, FOLLOWED),
                     lambda: acked(client, "raw", FOLLOWED))  # fmt: skip
    return inv, coll


def main(args: argparse.Namespace) -> None:
    quiet()
    _count_packing()
    ours: list[Stages] = []
    raw: list[Stages] = []
    with bench_redis() as server, tempfile.TemporaryDirectory() as folder:
        client = sync_redis.Redis.from_url(server.url)
        for r in range(args.rounds):
            follow = not args.invoicing_only
            if r % 2 == 0:
                ours.append(huikuan_round(client, server.url, args.n, Path(folder), follow))
                raw.append(raw_round(client, server.url, args.n, follow))
            else:
                raw.append(raw_round(client, server.url, args.n, follow))
                ours.append(huikuan_round(client, server.url, args.n, Path(folder), follow))
        client.close()
    head = f"{args.n:,} IssueInvoice commands, {PARTITIONS} partitions, one process per service"
    compare(f"invoicing: ingest command → InvoiceIssued + due timer ({head})",
            [o[0] for o in ours], [r[0] for r in raw], unit="commands")  # fmt: skip
    if args.invoicing_only:
        return
    compare("collections: CustomerRegistered + InvoiceIssued → debtor aggregates (2N facts)",
            [o[1] for o in ours if o[1]], [r[1] for r in raw if r[1]])  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--invoicing-only", action="store_true", help="stage 1 alone")
    args = parser.parse_args()
    if args.rounds < 1 or args.n < 1:
        parser.error("N and --rounds must be at least 1")
    return args


if __name__ == "__main__":
    main(parse())
