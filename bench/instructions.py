"""Instructions per fact: a service's work counted by valgrind's callgrind, not timed.

    .venv/bin/python bench/instructions.py [collections|invoicing] [--n N]

Rates and CPU time move with the machine: the same code's Python CPU per fact has moved
by ±25 % between runs here, so a change of a few percent cannot be seen by timing it. The
number of instructions the process runs for a given backlog barely moves (runs of the
same code: within 1.5 %), so it shows small changes, and reads the same on a fast
machine as on a slow one (of one architecture and Python).

The backlog is built before the service starts, as in ``collections_drain.py`` (N facts over
N/10 debtors) and ``slice.py --invoicing-only`` (N ``IssueInvoice`` commands, their
customers' accounts opened first by an ordinary invoicing process). The service then runs
under ``valgrind --tool=callgrind`` (``PYTHONHASHSEED=0``). Its counters are zeroed once
its first entry is acknowledged (start-up and imports are not counted) and dumped when
the N-th is; the instructions between, over the entries between, are printed. The
process runs about fifty times slower than usual, so every read batch is full; its timer
polls and lease heartbeats are made rare (once a minute), and so are the refreshes of a
batch's claims (every 150 s) and the reads of idle streams (each blocks 10 s), or work that
comes with the clock, not with the entries, would be counted fifty times over.

Needs ``valgrind`` (Debian: ``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis as sync_redis
from common import (
    ROOT,
    bench_redis,
    callgrind_total,
    drive_service,
    free_port,
    load_bench,
    quiet,
    wait_for,
)

Done = Callable[[], int]  # how many entries the service has acknowledged so far


def prepare_collections(client: sync_redis.Redis, url: str, n: int, folder: Path) -> Done:
    coll = load_bench("collections_drain")
    client.flushall()
    coll.write_backlog(client, coll.backlog_payloads(n, max(n // 10, 1)), "collections")
    return lambda: int(coll.acked(client, "collections"))


def prepare_invoicing(client: sync_redis.Redis, url: str, n: int, folder: Path) -> Done:
    sl = load_bench("slice")
    sl.write_registrations(client, n)
    opened = lambda: sl.acked(client, "invoicing", ("customers",))  # noqa: E731
    drive_service(client, url, "invoicing", opened, n, folder, sl.PARTITIONS)  # not counted
    sl.write_backlog(client, n, flush=False)
    return lambda: int(sl.ingest_done(client, "invoicing"))


PREPARE = {"collections": prepare_collections, "invoicing": prepare_invoicing}
UNIT = {"collections": "fact", "invoicing": "ingest command"}


def counted_run(service: str, url: str, n: int, done: Done, folder: Path,
                partitions: int) -> tuple[int, int]:  # fmt: skip
    """(entries counted, instructions) of ``service`` under callgrind draining the backlog."""
    out = folder / "callgrind.out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", "REDIS_URL": url,
           "HUIKUAN_PORT": str(free_port()), "HUIKUAN_ENVIRONMENT": "test",
           "HUIKUAN_PARTITIONS": str(partitions), "HUIKUAN_CLOCK": "system",
           # Work done by the clock (timer polls, lease heartbeats) would be counted fifty
           # times over at valgrind's pace: made rare, so the count is the entries' work.
           "HUIKUAN_TIMER_POLL_INTERVAL_MS": "60000", "HUIKUAN_PARTITION_LEASE_MS": "60000",
           # and the refresh of a batch's claims (every quarter of the reclaim window), and
           # the empty reads of idle streams (a read blocks this long when nothing comes)
           "HUIKUAN_RECLAIM_IDLE_MS": "600000", "HUIKUAN_POLL_INTERVAL_MS": "10000",
           }  # fmt: skip
    log_path = folder / f"{service}-callgrind.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", "--dump-instr=no",
             sys.executable, "-m", f"services.{service}"],
            env=env, cwd=ROOT, stdout=log, stderr=log,
        )  # fmt: skip

    def alive() -> None:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise SystemExit(f"FAILED: {service} exited under valgrind:\n{tail}")

    try:
        wait_for(lambda: done() >= 1, 1800, f"{service} to start under valgrind", alive)
        subprocess.run(["callgrind_control", "-z", str(proc.pid)], check=True,
                       capture_output=True)  # fmt: skip
        first = done()
        wait_for(lambda: done() >= n, 7200, f"{service} to drain under valgrind", alive)
        subprocess.run(["callgrind_control", "-d", str(proc.pid)], check=True,
                       capture_output=True)  # fmt: skip
        last = done()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    dumps = sorted(glob.glob(f"{out}.{proc.pid}.*"))
    if not dumps:
        raise SystemExit("FAILED: callgrind wrote no dump")
    instructions = callgrind_total(dumps[0])
    text = log_path.read_text(errors="replace")
    if re.search(r"handler_failed|dead_lettered|Traceback", text):
        raise SystemExit(f"FAILED: {service} logged a failure:\n{text[-3000:]}")
    return last - first, instructions


def main(args: argparse.Namespace) -> None:
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    quiet()
    partitions = 4
    with bench_redis() as server, tempfile.TemporaryDirectory() as folder:
        client = sync_redis.Redis.from_url(server.url)
        done = PREPARE[args.service](client, server.url, args.n, Path(folder))
        started = time.perf_counter()
        entries, instructions = counted_run(args.service, server.url, args.n, done,
                                            Path(folder), partitions)  # fmt: skip
        client.close()
    unit = UNIT[args.service]
    print(f"{args.service}: {entries:,} {unit}s counted of {args.n:,} "
          f"({time.perf_counter() - started:.0f} s under valgrind)")  # fmt: skip
    print(f"  {instructions:,} instructions, {instructions / entries:,.0f} per {unit} "
          f"(Python {sys.version.split()[0]})")  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service", nargs="?", default="collections", choices=sorted(PREPARE))
    parser.add_argument("--n", type=int, default=3000, help="facts or commands (default 3000)")
    args = parser.parse_args()
    if args.n < 200:
        parser.error("--n must be at least 200 (the first read batch is not counted)")
    return args


if __name__ == "__main__":
    main(parse())
