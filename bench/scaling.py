"""Collections with 1, 2 and 4 processes owning partitions: facts/s and CPU per fact.

    .venv/bin/python bench/scaling.py [--facts N] [--debtors D] [--partitions P]
                                      [--processes 1,2,4] [--rounds R] [--idle-s S]

For each process count k, the store is emptied, k real ``python -m services.collections``
processes (their Redis traffic counted by ``bench/counted.py``) start and share the
``P`` partitions by leases (``shared.infra.ownership``); once every partition is held and
each process holds some, the backlog of ``bench/collections_drain.py`` (N facts about D
debtors) is written to invoicing's outbound streams. The window runs from the first
acknowledged fact to the last. Printed per k: facts/s, the processes' CPU per fact (all
processes together, user + sys), Redis CPU per fact (INFO cpu), round trips per fact, and
the speed-up over one process. On a machine with c cores the CPU per fact should stay
flat while k ≤ c, and facts/s grow until the cores (or Redis) are saturated. Fails when a
handler failed, an entry was dead-lettered or a fact was left unacknowledged.

Before the backlog is written (once start-up has settled), each process's idle cost is
measured for ``--idle-s`` seconds: its CPU (% of a core) and round trips per second with
nothing to do (its reads blocking, its timer polls, its lease heartbeats). A process pays
it whether or not there is work, so it is part of the CPU per fact that grows with k.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import redis as sync_redis
from common import FAILURES, CountedProcess, RedisSample, bench_redis, load_bench, quiet, wait_for
from redis.exceptions import ResponseError

from shared.infra import keys
from tests.support.redis_server import free_port

backlog = load_bench("collections_drain")  # bench/collections_drain.py


def holders(client: sync_redis.Redis, partitions: int) -> dict[int, str]:
    prefix = keys.ownership("collections") + ":lease:"
    values = client.mget([prefix + str(p) for p in range(partitions)])
    return {p: bytes(v).split(b" ")[0].decode() for p, v in enumerate(values) if v}


def shared_by(client: sync_redis.Redis, partitions: int, k: int) -> bool:
    held = holders(client, partitions)
    return len(held) == partitions and len(set(held.values())) == k


def write(client: sync_redis.Redis, payloads: list[tuple[int, bytes]]) -> None:
    """The backlog, into streams whose groups the processes created at their start."""
    original = client.xgroup_create

    def create(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        except ResponseError as exc:  # BUSYGROUP: created by the service already
            if "BUSYGROUP" not in str(exc):
                raise
            return True

    client.xgroup_create = create  # type: ignore[method-assign]
    try:
        backlog.write_backlog(client, payloads, "collections")
    finally:
        client.xgroup_create = original  # type: ignore[method-assign]


def run(client: sync_redis.Redis, url: str, payloads: list[tuple[int, bytes]], k: int,
        partitions: int, folder: Path, idle_s: float) -> dict[str, float]:  # fmt: skip
    client.flushall()
    n = len(payloads)
    env = {"REDIS_URL": url, "HUIKUAN_ENVIRONMENT": "test", "HUIKUAN_CLOCK": "system",
           "HUIKUAN_PARTITIONS": str(partitions)}  # fmt: skip
    procs = [
        CountedProcess("collections", {**env, "HUIKUAN_PORT": str(free_port())}, folder / str(i))
        for i in range(k)
    ]
    progress = lambda: backlog.acked(client, "collections")  # noqa: E731

    def alive() -> None:
        for proc in procs:
            proc.check_alive()

    try:
        wait_for(lambda: shared_by(client, partitions, k), 300, "the partitions shared", alive)
        time.sleep(3)  # start-up's last work (first gauges, settling) done
        idle0, t_idle = [p.sample() for p in procs], time.perf_counter()
        time.sleep(idle_s)
        idle1, idle_wall = [p.sample() for p in procs], time.perf_counter() - t_idle
        write(client, payloads)
        wait_for(lambda: progress() >= 1, 300, "the first fact", alive)
        first, redis0, c0 = progress(), RedisSample.take(client), [p.sample() for p in procs]
        t0 = time.perf_counter()
        wait_for(lambda: progress() >= n, 3600, "the drain", alive)
        seconds = time.perf_counter() - t0
        c1, redis1 = [p.sample() for p in procs], RedisSample.take(client)
        errors = sum(len(FAILURES.findall(p.log_text())) for p in procs)
    finally:
        for proc in procs:
            proc.stop()
    dead = client.xlen("hk:dlq:collections")
    if errors or dead:
        raise SystemExit(f"FAILED: {k} processes: {errors} handler failure lines, {dead} dead")
    done = n - first
    idle = lambda key: sum(b[key] - a[key] for a, b in zip(idle0, idle1, strict=True))  # noqa: E731
    return {  # idle: the mean per process, per second
        "idle_cpu_pct": 100 * idle("cpu_s") / k / idle_wall,
        "idle_round_trips": idle("round_trips") / k / idle_wall,
        "rate": done / seconds,
        "seconds": seconds,
        "cpu_us": sum(b["cpu_s"] - a["cpu_s"] for a, b in zip(c0, c1, strict=True)) / done * 1e6,
        "redis_us": (redis1.cpu_s - redis0.cpu_s) / done * 1e6,
        "round_trips": sum(b["round_trips"] - a["round_trips"] for a, b in zip(c0, c1, strict=True))
        / done,
    }


def main(args: argparse.Namespace) -> None:
    quiet()
    backlog.PARTITIONS = args.partitions
    payloads = backlog.backlog_payloads(args.facts, args.debtors)
    counts = [int(k) for k in args.processes.split(",")]
    results: dict[int, list[dict[str, float]]] = {k: [] for k in counts}
    with bench_redis() as server, tempfile.TemporaryDirectory() as folder:
        client = sync_redis.Redis.from_url(server.url)
        for r in range(args.rounds):
            for k in counts if r % 2 == 0 else list(reversed(counts)):
                sub = Path(folder) / f"r{r}k{k}"
                for i in range(k):
                    (sub / str(i)).mkdir(parents=True)
                got = run(client, server.url, payloads, k, args.partitions, sub, args.idle_s)
                results[k].append(got)
                print(f" round {r + 1}, {k} process(es): {got['rate']:8,.0f} facts/s  "
                      f"cpu {got['cpu_us']:6.0f} µs/fact  redis {got['redis_us']:4.0f} µs/fact"
                      f"  round trips {got['round_trips']:.2f}/fact  idle before: "
                      f"{got['idle_cpu_pct']:.1f}% of a core and "
                      f"{got['idle_round_trips']:.0f} round trips/s per process",
                      flush=True)  # fmt: skip
        client.close()
    print(f"\ncollections: {len(payloads):,} facts over {args.debtors:,} debtors, "
          f"{args.partitions} partitions, median of {args.rounds} round(s)")  # fmt: skip
    med = statistics.median
    one = med(x["rate"] for x in results[counts[0]])
    for k in counts:
        rs = results[k]
        rate = med(x["rate"] for x in rs)
        print(f"  {k} process(es): {rate:8,.0f} facts/s ({rate / one:.2f}× of {counts[0]}), "
              f"CPU {med(x['cpu_us'] for x in rs):6.0f} µs/fact (all processes), "
              f"Redis {med(x['redis_us'] for x in rs):4.0f} µs/fact, "
              f"round trips {med(x['round_trips'] for x in rs):.2f}/fact; idle "
              f"{med(x['idle_cpu_pct'] for x in rs):.1f}% of a core per process")  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=20_000)
    parser.add_argument("--debtors", type=int, default=2_000)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--idle-s", type=float, default=5.0,
                        help="seconds of each process's idle cost, before the backlog")  # fmt: skip
    return parser.parse_args()


if __name__ == "__main__":
    main(parse())
