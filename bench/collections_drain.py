"""Collections draining a backlog of invoicing facts, one process, beside a raw redis-py loop.

    .venv/bin/python bench/collections_drain.py [--facts N] [--debtors D] [--rounds R]
    .venv/bin/python bench/collections_drain.py --target     # 100,000 facts over 10,000 debtors

Before each timed run the store is emptied and N facts about D debtors (issue → missed →
part paid → rest paid → settled, invoice after invoice, debtors interleaved) are written
to invoicing's outbound streams, where collections' consumer group waits at their start.

* **huikuan**: a real ``python -m services.collections`` process (its Redis traffic counted
  by ``bench/counted.py``) drains the backlog through the bus: its batch consumers, the
  debtor state machine, the event store, timers and the worklist. The window runs from
  its first acknowledged fact to its last.
* **raw**: a redis-py loop in this process, on one async client with the same pool, read
  batch size and handlers in flight, doing per fact what an event-sourced consumer needs
  at least: read the debtor's stream, one MULTI writing the event (explicit id), the
  outbound entry, the dedupe record, the review timer and the worklist entry; one XACK
  per batch. No parsing, no decision, no hash chain.

The sides alternate for ``--rounds`` rounds; every round prints facts/s, Python CPU µs per
fact (the client process), Redis CPU µs per fact (INFO cpu), commands and round trips per
fact sent by the client (a pipeline is one round trip) and Redis calls per fact (INFO
commandstats, a script's own calls included); then the median ratio. Two **Redis floors**
are measured in every round beside that round's runs, and Huikuan's distance below each
is given per round and as the median:

* **the append script alone**: pipelined EVALSHA calls appending one event with its
  outbound entry, dedupe record and review timer, from one client, as fast as Redis
  takes them;
* **a fact's whole Redis work**: what collections has Redis do for each fact of this very
  backlog, with no Python in the way: one XREADGROUP per read batch, the append script
  with the arguments the service sends for the fact (its events, outbound entries, dedupe
  record, review timer and the debtor's worklist row, decided before the clock by the
  service's own code) and one plain XACK per batch; pipelined from one client, five
  batches at a time. It fails unless every fact was read, appended and acknowledged.

Beside each, the rate Redis's CPU alone would allow (one second over its CPU per call):
the one-client loop also waits on its own packing, so it does not quite reach that. The
bench fails when any handler failed, an entry was dead-lettered or a fact was left
unacknowledged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import redis as sync_redis
import redis.asyncio as aioredis
from common import RedisSample, Sample, bench_redis, compare, drive_service, quiet, raw_stage
from counted import _count_packing

from services.collections.adapters.policy_files import load_book
from services.collections.adapters.worklist_store import worklist_row
from services.collections.app import SNAPSHOT_EVERY
from services.collections.domain.commands import command_for
from services.collections.domain.decide import decide
from services.collections.domain.state import AGGREGATE_TYPE, Debtor, evolve, initial
from shared.contracts import Event, Money, encode_event
from shared.contracts.codec import parse_event
from shared.contracts.invoicing import InvoiceIssued, InvoiceSettled, PaymentMissed, PaymentReceived
from shared.infra import keys
from shared.infra.clock import FixedClock
from shared.infra.eventstore import DEDUPE_RETENTION_S, GENESIS, EventStore, chain_hash
from shared.infra.eventstore_trim import StreamTrimmer, produced_streams
from shared.infra.redis_repository import RedisRepository
from shared.infra.redis_wire import pack_in_c
from shared.infra.repository import Cause, Outcome
from shared.kernel.ids import derived_id

PARTITIONS = 4
RETENTION_MS = int(DEDUPE_RETENTION_S * 1000)
BATCH = 100  # the service's default read batch (HUIKUAN_BATCH_SIZE)
IN_FLIGHT = 48  # the service's default handlers in flight (HUIKUAN_MAX_IN_FLIGHT)
POOL = 128  # the service's default pool (HUIKUAN_REDIS_MAX_CONNECTIONS)
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
_APPEND = (Path(__file__).resolve().parent.parent / "shared/infra/lua/append.lua").read_text()


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
    """Five facts about invoice k of a debtor: issued, missed, part paid, rest paid, settled."""
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


def backlog_payloads(facts: int, debtors: int) -> list[tuple[int, bytes]]:
    """(partition, payload) of every fact: the j-th fact of every debtor, then the j+1-th."""
    per = max(facts // debtors, 1)
    rows: list[list[tuple[int, bytes]]] = []
    for d in range(debtors):
        customer_id = f"C-{d:07d}"
        p = keys.partition_of(customer_id, PARTITIONS)
        mine = [f for k in range(per // 5 + 1) for f in invoice_facts(customer_id, k)][:per]
        rows.append([(p, encode_event(f)) for f in mine])
    return [row[j] for j in range(per) for row in rows]


def write_backlog(client: sync_redis.Redis, payloads: list[tuple[int, bytes]], group: str) -> None:
    pipe = client.pipeline(transaction=False)
    for i, (p, payload) in enumerate(payloads):
        pipe.xadd(keys.outbox(p, "invoicing"), {"__data__": payload})
        if i % 2000 == 1999:
            pipe.execute()
    pipe.execute()
    for p in range(PARTITIONS):
        client.xgroup_create(keys.outbox(p, "invoicing"), group, id="0")


def acked(client: sync_redis.Redis, group: str, sources: Sequence[str] = ("invoicing",)) -> int:
    """Entries of the ``sources``' outbound streams (invoicing's by default) ``group`` has
    read and acknowledged."""
    done = 0
    for p in range(PARTITIONS):
        for source in sources:
            with contextlib.suppress(sync_redis.ResponseError):  # no such stream in a partition
                for info in client.xinfo_groups(keys.outbox(p, source)):
                    if info["name"].decode() == group:
                        done += int(info.get("entries-read") or 0) - int(info["pending"])
    return done


# ---- huikuan: the real service process -------------------------------------------------------


def run_huikuan(client: sync_redis.Redis, url: str, n: int, folder: Path) -> Sample:
    return drive_service(client, url, "collections", lambda: acked(client, "collections"), n,
                         folder, PARTITIONS)  # fmt: skip


# ---- raw: the same Redis work from a redis-py loop --------------------------------------------


async def raw_drain(url: str, sources: Sequence[str] = ("invoicing",)) -> None:
    """Follow the ``sources``' outbound streams as collections does: per partition one read
    of all of them, lanes by debtor (in the order of ``sources`` within a read)."""
    pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=POOL, timeout=30)
    redis = aioredis.Redis(connection_pool=pack_in_c(pool))  # the services' client
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(p: int, payload: bytes) -> None:
        fact = json.loads(payload)
        debtor = fact["customer_id"]
        stream = keys.aggregate_stream(p, "rawdebtor", debtor)
        async with gate:
            history = await redis.xrange(stream)
            version, prev = len(history), history[-1][1][b"hash"].decode() if history else GENESIS
            async with redis.pipeline(transaction=True) as pipe:
                pipe.xadd(stream, {"__data__": payload, "hash": chain_hash(prev, payload),
                                   "prev": prev}, id=f"{version + 1}-1")  # fmt: skip
                pipe.xadd(keys.outbox(p, "rawcoll"), {"__data__": payload})
                pipe.set(keys.dedupe_record(p, "rawcoll", fact["event_id"]),
                         f"{stream}@{version + 1}", px=RETENTION_MS)  # fmt: skip
                pipe.zadd(keys.timers(p, "rawcoll"), {f"review:{debtor}": 1})
                pipe.hset(keys.timer_data(p, "rawcoll"), f"review:{debtor}", payload)
                pipe.zadd(f"hk:{keys.tag(p)}:rawcoll:rank", {debtor: 1.0})
                pipe.hset(f"hk:{keys.tag(p)}:rawcoll:entries", debtor, payload)
                await pipe.execute()

    async def lane(items: list[tuple[int, bytes]]) -> None:
        for p, payload in items:
            await one(p, payload)

    async def partition(p: int) -> None:
        streams = {keys.outbox(p, source): ">" for source in sources}
        while got := await redis.xreadgroup("raw", "raw-1", streams, count=BATCH):
            lanes: dict[str, list[tuple[int, bytes]]] = {}
            for _, entries in got:
                for _, fields in entries:
                    payload = fields[b"__data__"]
                    lanes.setdefault(json.loads(payload)["customer_id"], []).append((p, payload))
            await asyncio.gather(*(lane(items) for items in lanes.values()))
            for stream, entries in got:
                await redis.xack(stream, "raw", *(entry_id for entry_id, _ in entries))

    await asyncio.gather(*(partition(p) for p in range(PARTITIONS)))
    await redis.aclose()


def used_memory(client: sync_redis.Redis) -> int:
    return int(client.info("memory")["used_memory"])


async def trim_as_followers_would(url: str) -> None:
    """Every follower of collections' outbound streams caught up (a group at their end),
    then the trim each service runs (no retention floor)."""
    redis = aioredis.Redis.from_url(url)
    for p in range(PARTITIONS):
        await redis.xgroup_create(keys.outbox(p, "collections"), "notifications", id="$",
                                  mkstream=True)  # fmt: skip
    streams = [s for svc in ("invoicing", "collections") for s in produced_streams(svc, PARTITIONS)]
    await StreamTrimmer(redis, streams, retain_s=0).trim_all()
    await redis.aclose()


def run_raw(client: sync_redis.Redis, url: str, n: int) -> Sample:
    return raw_stage(client, n, lambda: raw_drain(url), lambda: acked(client, "raw"))


# ---- the Redis floor: the append script alone, pipelined ---------------------------------------


def fact_calls(payloads: list[tuple[int, bytes]]) -> dict[int, list[tuple[list[str], list[Any]]]]:
    """Per partition, in backlog order, the append script's keys and arguments collections
    sends for each fact: decided here, before any clock, by the service's own code (its
    repository's plan on the state the fact before left, the store's script call): the
    fact's events, their outbound entries and dedupe record, the review timer and the
    debtor's worklist row, exactly as the service writes them."""
    book = load_book(None)
    store = EventStore(aioredis.Redis(), "collections", PARTITIONS)  # never connects
    repo = RedisRepository(store, AGGREGATE_TYPE, initial, evolve, Debtor, FixedClock(NOW),
                           snapshot_every=SNAPSHOT_EVERY, project=worklist_row(book))  # fmt: skip
    current: dict[str, tuple[Debtor, int, str]] = {}
    calls: dict[int, list[tuple[list[str], list[Any]]]] = {p: [] for p in range(PARTITIONS)}
    for p, payload in payloads:
        event = parse_event(payload)
        cmd = command_for(event)
        assert cmd is not None
        cause = Cause(event.correlation_id, event.event_id, str(event.event_id))
        ref = repo.ref(cmd.customer_id)
        state, version, last = current.get(cmd.customer_id) or (
            initial(cmd.customer_id),
            0,
            GENESIS,
        )
        plan = repo._plan(ref, lambda s, now, c=cmd: decide(s, c, now, book), cause, NOW,
                          state, version, last)  # fmt: skip
        assert not isinstance(plan, Outcome)
        script_keys, args, last = store._script_call(plan.request)
        current[cmd.customer_id] = (plan.after, version + len(plan.events), last)
        calls[p].append((script_keys, args))
    return calls


def fact_floor(
    client: sync_redis.Redis, payloads: list[tuple[int, bytes]],
    calls: dict[int, list[tuple[list[str], list[Any]]]],
) -> tuple[float, float]:  # fmt: skip
    """Facts/s and Redis CPU µs per fact of a fact's whole Redis work, pipelined from one
    client: per read batch of a partition one XREADGROUP, the append script of each fact
    with the arguments the service sends (``fact_calls``) and one XACK; five batches per
    pipeline (the backlog written and its entry ids read before the clock)."""
    client.flushall()
    write_backlog(client, payloads, "floor")
    sha = client.script_load(_APPEND)
    batches = []
    for p in range(PARTITIONS):
        stream = keys.outbox(p, "invoicing")
        ids = [entry_id for entry_id, _ in client.xrange(stream)]
        for start in range(0, len(ids), BATCH):
            batches.append((stream, calls[p][start : start + BATCH], ids[start : start + BATCH]))
    replies: list[Any] = []
    before, started = RedisSample.take(client), time.perf_counter()
    for start in range(0, len(batches), 5):
        pipe = client.pipeline(transaction=False)
        for stream, chunk, ids in batches[start : start + 5]:
            pipe.xreadgroup("floor", "floor-1", {stream: ">"}, count=len(chunk))
            for script_keys, args in chunk:
                pipe.evalsha(sha, len(script_keys), *script_keys, *args)
            pipe.xack(stream, "floor", *ids)
        replies += pipe.execute()
    seconds = time.perf_counter() - started
    after = RedisSample.take(client)
    # Every fact read, appended (not a conflict, not a duplicate) and acknowledged.
    appended = sum(1 for r in replies if isinstance(r, list) and r[:1] == [b"OK"])
    read = sum(len(e) for r in replies if isinstance(r, list) and r and isinstance(r[0], list)
               for _, e in r)  # fmt: skip
    acked = sum(r for r in replies if isinstance(r, int))
    if not appended == read == acked == len(payloads):
        raise SystemExit(f"FAILED: the floor appended {appended}, read {read}, acked {acked} "
                         f"of {len(payloads)} facts")  # fmt: skip
    return len(payloads) / seconds, (after.cpu_s - before.cpu_s) / len(payloads) * 1e6


def redis_floor(client: sync_redis.Redis, n: int) -> tuple[float, float]:
    """Appends/s and Redis CPU µs per append of one event + outbound entry + dedupe record +
    review timer, pipelined 500 at a time (arguments prepared before the clock)."""
    client.flushall(asynchronous=True)
    sha = client.script_load(_APPEND)
    payload = encode_event(invoice_facts("C-floor", 0)[0])
    calls = []
    for i in range(n):
        p, debtor = i % PARTITIONS, f"F-{i}"
        script_keys = [keys.aggregate_stream(p, "debtor", debtor), keys.outbox(p, "collections"),
                       keys.dedupe(p, "collections"), keys.timers(p, "collections"),
                       keys.timer_data(p, "collections"), keys.snapshot(p, "debtor", debtor),
                       keys.dedupe_record(p, "collections", f"k-{i}")]  # fmt: skip
        args = [0, GENESIS, f"k-{i}", 1, 1, 0, RETENTION_MS, payload, chain_hash(GENESIS, payload),
                "1", f"review:{debtor}", 1, payload, "0", "0"]  # fmt: skip
        calls.append((script_keys, args))
    before, started = RedisSample.take(client), time.perf_counter()
    for start in range(0, n, 500):
        pipe = client.pipeline(transaction=False)
        for script_keys, args in calls[start : start + 500]:
            pipe.evalsha(sha, len(script_keys), *script_keys, *args)
        pipe.execute()
    seconds = time.perf_counter() - started
    after = RedisSample.take(client)
    return n / seconds, (after.cpu_s - before.cpu_s) / n * 1e6


# ---- main --------------------------------------------------------------------------------


def main(args: argparse.Namespace) -> None:
    quiet()
    _count_packing()  # the raw side's commands and round trips, counted like the service's
    payloads = backlog_payloads(args.facts, args.debtors)
    n = len(payloads)
    calls = fact_calls(payloads)
    ours: list[Sample] = []
    raw: list[Sample] = []
    memory: list[tuple[int, int]] = []
    with bench_redis() as server, tempfile.TemporaryDirectory() as folder:
        client = sync_redis.Redis.from_url(server.url)
        floors: list[tuple[float, float]] = []
        fact_floors: list[tuple[float, float]] = []
        for r in range(args.rounds):
            order = ("huikuan", "raw") if r % 2 == 0 else ("raw", "huikuan")
            # The floor in every round, beside the runs it is compared with: the machine's
            # speed drifts within minutes, and one floor for all rounds drifts with it.
            floors.append(redis_floor(client, min(n, 50_000)))
            fact_floors.append(fact_floor(client, payloads, calls))
            for side in order:
                client.flushall()  # synchronous: the empty store is measured next
                empty = used_memory(client)
                write_backlog(client, payloads, "collections" if side == "huikuan" else "raw")
                if side == "huikuan":
                    ours.append(run_huikuan(client, server.url, n, Path(folder)))
                    print(ours[-1].line(f"r{r + 1} ours"), ours[-1].extra, flush=True)
                    before = used_memory(client) - empty
                    asyncio.run(trim_as_followers_would(server.url))
                    memory.append((before, used_memory(client) - empty))
                else:
                    raw.append(run_raw(client, server.url, n))
        client.close()
    title = (f"collections: {n:,} invoicing facts over {args.debtors:,} debtors, one process, "
             f"{PARTITIONS} partitions, {args.rounds} rounds alternated")  # fmt: skip
    compare(title, ours, raw)
    below = [floor / sample.rate for (floor, _), sample in zip(floors, ours, strict=True)]
    floor_rate, floor_cpu = (statistics.median(f[i] for f in floors) for i in (0, 1))
    print(f" redis floor: {floor_rate:,.0f} appends/s pipelined EVALSHA, median of the rounds "
          f"({', '.join(f'{f:,.0f}' for f, _ in floors)}); {floor_cpu:.0f} µs Redis CPU each, "
          f"{1e6 / floor_cpu:,.0f} appends/s if Redis's CPU alone bounded them")  # fmt: skip
    print(
        f" huikuan below the floor, each round beside its own floor: "
        f"{', '.join(f'{b:.1f}×' for b in below)}; median {statistics.median(below):.1f}×"
    )
    below = [floor / sample.rate for (floor, _), sample in zip(fact_floors, ours, strict=True)]
    floor_rate, floor_cpu = (statistics.median(f[i] for f in fact_floors) for i in (0, 1))
    print(f" redis floor of a fact's whole work (read, the append collections sends for it: its "
          f"events, timer and worklist row; ack): {floor_rate:,.0f} facts/s pipelined, median "
          f"of the rounds ({', '.join(f'{f:,.0f}' for f, _ in fact_floors)}); "
          f"{floor_cpu:.0f} µs Redis CPU each, {1e6 / floor_cpu:,.0f} facts/s if Redis's CPU "
          f"alone bounded them")  # fmt: skip
    print(
        f" huikuan below that floor, each round beside its own: "
        f"{', '.join(f'{b:.1f}×' for b in below)}; median {statistics.median(below):.1f}×"
    )
    before, after = (statistics.median(m[i] for m in memory) / args.debtors for i in (0, 1))
    print(f" redis memory per debtor after the drain, invoicing's facts included: "
          f"{before / 1024:.1f} KiB; after trimming outbound and due streams once their "
          f"followers caught up: {after / 1024:.1f} KiB")  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=20_000)
    parser.add_argument("--debtors", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--target", action="store_true", help="100,000 facts, 10,000 debtors")
    args = parser.parse_args()
    if args.target:
        args.facts, args.debtors = 100_000, 10_000
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


if __name__ == "__main__":
    main(parse())
