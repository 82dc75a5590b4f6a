"""The slice's throughput from a backlog, beside a raw redis-py loop doing the same work.

    .venv/bin/python bench/slice.py [N]          # default 10 000; the issue's size: 50000

N ``IssueInvoice`` commands wait in ``hk:ingest:invoices`` before anything starts.
Then, timed separately:

1. invoicing (a real ``python -m services.invoicing`` process) turns the backlog into
   N invoices: N ``InvoiceIssued`` on its outbound streams, N due-date timers;
2. collections (a real process) follows those N events into N debtor aggregates.

Each stage is compared with a raw redis-py loop doing the same Redis round trips in the
same order, one entry at a time (read, then per entry: clock, look-up, load, one atomic
write of events + dedupe key + timer, the worklist projection for collections,
acknowledge) — without parsing, validation, domain logic, hash chain or FastStream.
The ratio says what the service's machinery costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis
from common import Timer, bench_redis

from shared.infra import keys
from tests.support.redis_server import free_port
from tooling.devsystem import wait_until

PARTITIONS = 4
READ = 10
ROOT = Path(__file__).resolve().parent.parent


def backlog(client: redis.Redis, n: int, stream: str) -> None:
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        command = {
            "type": "IssueInvoice", "external_number": f"INV-{i:07d}", "customer_id": f"C-{i:07d}",
            "amount": {"amount": "1200.50", "currency": "CNY"},
            "issue_date": "2027-01-02", "due_date": "2027-02-01",
        }  # fmt: skip
        pipe.xadd(stream, {"__data__": json.dumps(command)})
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()


def outbound_len(client: redis.Redis, service: str) -> int:
    return sum(int(client.xlen(keys.outbox(p, service))) for p in range(PARTITIONS))


def run_service(service: str, url: str, logs: Path, progress: Callable[[], int], n: int) -> float:
    """Start one service process; time from its first processed entry to its n-th."""
    env = {**os.environ, "REDIS_URL": url, "HUIKUAN_PORT": str(free_port()),
           "HUIKUAN_ENVIRONMENT": "test", "HUIKUAN_PARTITIONS": str(PARTITIONS),
           "HUIKUAN_CLOCK": "simulated"}  # fmt: skip
    log = (logs / f"{service}.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", f"services.{service}"], env=env,
                            stdout=log, stderr=log, cwd=ROOT)  # fmt: skip
    try:

        def reached(count: int) -> bool:
            if proc.poll() is not None:
                tail = (logs / f"{service}.log").read_text(errors="replace")[-1500:]
                raise RuntimeError(f"{service} exited with {proc.returncode}:\n{tail}")
            return progress() >= count

        wait_until(lambda: reached(1), 120, f"{service} to start")
        started = time.perf_counter()
        wait_until(lambda: reached(n), 3600, f"{service} to drain")
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def raw_invoicing(client: redis.Redis, n: int) -> None:
    """Per command: read, index look-up, stream load, one atomic write, index, ack."""
    stream, group = keys.ingest("raw-invoices"), "raw"
    client.xgroup_create(stream, group, id="0")
    while True:
        got = client.xreadgroup(group, "c1", {stream: ">"}, count=READ)
        if not got:
            return
        for entry_id, fields in got[0][1]:
            cmd = json.loads(fields[b"__data__"])
            p = keys.partition_of(cmd["customer_id"], PARTITIONS)
            index = f"hk:raw:index:{cmd['external_number']}"
            client.get(index)
            agg = keys.aggregate_stream(p, "rawinv", cmd["external_number"])
            client.xrange(agg)
            payload = json.dumps({"type": "InvoiceIssued", **cmd})
            client.get(keys.SIM_CLOCK)  # the service reads its (simulated) clock per command
            pipe = client.pipeline(transaction=True)
            pipe.xadd(agg, {"__data__": payload}, id="1-1")
            pipe.xadd(keys.outbox(p, "raw"), {"__data__": payload})
            pipe.set(f"{keys.dedupe(p, 'raw')}:{cmd['external_number']}", 1)
            pipe.zadd(keys.timers(p, "raw"), {cmd["external_number"]: 1.0})
            pipe.hset(keys.timer_data(p, "raw"), cmd["external_number"], payload)
            pipe.execute()
            client.set(index, cmd["customer_id"])
            client.xack(stream, group, entry_id)


def raw_collections(client: redis.Redis) -> None:
    """Per outbound event: read, load the debtor's stream, one atomic write, ack."""
    for p in range(PARTITIONS):
        stream, group = keys.outbox(p, "raw"), "raw-collections"
        client.xgroup_create(stream, group, id="0")
        while got := client.xreadgroup(group, "c1", {stream: ">"}, count=READ):
            for entry_id, fields in got[0][1]:
                evt = json.loads(fields[b"__data__"])
                debtor, data = evt["customer_id"], fields[b"__data__"]
                agg = keys.aggregate_stream(p, "rawdebtor", debtor)
                client.get(keys.SIM_CLOCK)
                client.xrange(agg)
                pipe = client.pipeline(transaction=True)  # events, dedupe key, review timer
                pipe.xadd(agg, {"__data__": data}, id="1-1")
                pipe.xadd(keys.outbox(p, "rawcoll"), {"__data__": data})
                pipe.set(f"{keys.dedupe(p, 'rawcoll')}:{debtor}", 1)
                pipe.zadd(keys.timers(p, "rawcoll"), {debtor: 1.0})
                pipe.hset(keys.timer_data(p, "rawcoll"), debtor, data)
                pipe.execute()
                pipe = client.pipeline(transaction=False)  # the worklist projection
                pipe.zadd("hk:raw:worklist:rank", {debtor: 1.0})
                pipe.hset("hk:raw:worklist:entries", debtor, data)
                pipe.execute()
                client.xack(stream, group, entry_id)


def line(title: str, n: int, ours: float, raw: float) -> None:
    print(f"\n{title}")
    print(f"  huikuan : {n / ours:>9,.0f} /s  ({ours:.1f} s for {n:,}, from its first entry)")
    print(f"  raw     : {n / raw:>9,.0f} /s  ({raw:.1f} s)")
    print(f"  ratio   : {raw / ours:.2f}× of the raw redis-py loop")


def main(n: int) -> None:
    with bench_redis() as server, tempfile.TemporaryDirectory() as logs:
        client = redis.Redis.from_url(server.url)
        backlog(client, n, keys.ingest("invoices"))
        backlog(client, n, keys.ingest("raw-invoices"))
        with Timer() as raw_inv:
            raw_invoicing(client, n)
        with Timer() as raw_coll:
            raw_collections(client)
        print(f"backlog of {n:,} IssueInvoice commands, {PARTITIONS} partitions, one process each")
        inv = run_service("invoicing", server.url, Path(logs),
                          lambda: outbound_len(client, "invoicing"), n)  # fmt: skip
        line("invoicing: ingest command → InvoiceIssued + due timer", n, inv, raw_inv.seconds)
        coll = run_service("collections", server.url, Path(logs), lambda: _followed(client), n)
        line("collections: InvoiceIssued → debtor aggregate", n, coll, raw_coll.seconds)
        client.close()


def _followed(client: redis.Redis) -> int:
    """Entries of invoicing's outbound streams the collections group has read and acked."""
    done = 0
    for p in range(PARTITIONS):
        for group in client.xinfo_groups(keys.outbox(p, "invoicing")):
            if group["name"] == b"collections":
                done += int(group.get("entries-read") or 0) - int(group["pending"])
    return done


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
