"""Shared bench plumbing: a throw-away redis-server with the production settings, and the
counters every bench prints (rate, CPU and Redis commands per fact over the timed window)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis as sync_redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.redis_server import RedisServer, free_port


def load_bench(name: str) -> Any:
    """Another bench script as a module, ``bench_<name>``, loaded once per process (by path:
    bench/ is a folder of scripts, not a package)."""
    module_name = f"bench_{name}"
    if (loaded := sys.modules.get(module_name)) is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(module_name, Path(__file__).with_name(
        f"{name}.py"))  # fmt: skip
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def callgrind_total(path: str | Path) -> int:
    """The instructions a callgrind dump counted."""
    found = re.search(r"^(?:summary|totals):\s*(\d+)", Path(path).read_text(), re.M)
    if found is None:
        raise SystemExit(f"FAILED: no instruction total in {path}")
    return int(found.group(1))


@contextlib.contextmanager
def bench_redis() -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="huikuan-bench-") as folder:
        server = RedisServer(Path(folder))
        server.start()
        try:
            yield server
        finally:
            server.stop()


class Timer:
    def __enter__(self) -> Timer:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started


def report(title: str, n: int, ours: float, raw: float, unit: str = "events") -> None:
    print(f"\n{title}")
    print(f"  huikuan : {n / ours:>10,.0f} {unit}/s  ({ours:.2f} s for {n:,})")
    print(f"  raw     : {n / raw:>10,.0f} {unit}/s  ({raw:.2f} s for {n:,})")
    print(f"  ratio   : {raw / ours:.2f}× of raw redis-py")


# ---- honest measurement: Redis and process counters over a timed window -------------------


ROOT = Path(__file__).resolve().parent.parent
BENCH_COMMANDS = {"info", "xinfo|groups", "xinfo|stream", "config|resetstat", "ping", "xlen"}


@dataclass(frozen=True)
class RedisSample:
    """Redis's CPU seconds and per-command call counts at one moment."""

    cpu_s: float
    calls: dict[str, int]
    used_memory: int

    @classmethod
    def take(cls, client: sync_redis.Redis) -> RedisSample:
        cpu = client.info("cpu")
        stats = client.info("commandstats")
        memory = client.info("memory")
        calls = {name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()}
        return cls(
            float(cpu["used_cpu_sys"]) + float(cpu["used_cpu_user"]),
            calls,
            int(memory["used_memory"]),
        )

    def calls_since(self, before: RedisSample) -> int:
        """Commands Redis executed in between (Lua's own calls included), bench probes not."""
        return sum(self.calls_by_command(before).values())

    def calls_by_command(self, before: RedisSample) -> dict[str, int]:
        """``calls_since`` by command name, most called first."""
        delta = {name: n - before.calls.get(name, 0) for name, n in self.calls.items()
                 if name not in BENCH_COMMANDS}  # fmt: skip
        return dict(sorted(((k, v) for k, v in delta.items() if v), key=lambda kv: -kv[1]))


@dataclass
class Sample:
    """One side's measurement over its timed window."""

    n: int
    seconds: float
    cpu_s: float  # the client process's CPU (user + sys)
    redis_cpu_s: float
    redis_calls: int  # commands Redis executed, including those inside scripts
    commands: int  # commands the client sent
    round_trips: int  # socket writes of the client (a pipeline is one)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.n / self.seconds

    def line(self, label: str) -> str:
        n = self.n
        return (
            f"  {label:<8}: {self.rate:>8,.0f} /s  {self.seconds:6.1f} s  "
            f"python {self.cpu_s / n * 1e6:6.0f} µs  redis {self.redis_cpu_s / n * 1e6:5.0f} µs  "
            f"commands {self.commands / n:4.2f}  round trips {self.round_trips / n:4.2f}  "
            f"redis calls {self.redis_calls / n:5.2f}  (per fact)"
        )


class CountedProcess:
    """A service run by ``bench/counted.py``: its CPU and Redis traffic, sampled on demand."""

    def __init__(self, service: str, env: dict[str, str], folder: Path) -> None:
        self.counts = folder / f"{service}-{os.getpid()}-counts.json"
        self.log_path = folder / f"{service}.log"
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "counted.py"), f"services.{service}",
             str(self.counts)],
            env={**os.environ, "PYTHONPATH": str(ROOT), **env}, stdout=log, stderr=log, cwd=ROOT,
        )  # fmt: skip

    def sample(self) -> dict[str, Any]:
        """The process's counters as they stood at this moment: asked for (``SIGUSR1``),
        written by its main thread as soon as it runs Python again."""
        asked = time.time()
        self.check_alive()
        self.proc.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            data = self._read()
            if data.get("at", 0) >= asked:
                return data
            self.check_alive()
            time.sleep(0.005)
        raise RuntimeError("the service did not report its counters within 300 s")

    def _read(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.counts.read_text()))
        except (FileNotFoundError, ValueError):
            return {}

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            tail = self.log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the service exited with {self.proc.returncode}:\n{tail}")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_for(check: Any, seconds: float, what: str, alive: Any = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if alive is not None:
            alive()
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not happen within {seconds:.0f} s")


def raw_stage(client: sync_redis.Redis, n: int, run: Callable[[], Any],
              done: Callable[[], int]) -> Sample:  # fmt: skip
    """A raw loop's timed run: ``asyncio.run(run())``, then ``done()`` must count ``n``
    finished; its rate, this process's CPU, Redis's CPU and calls, and the commands and
    round trips the client sent (``counted.COUNTS``)."""
    import asyncio

    from counted import COUNTS

    redis0, c0, t0, cpu0 = RedisSample.take(client), dict(COUNTS), time.perf_counter(), _cpu()
    asyncio.run(run())
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    redis1 = RedisSample.take(client)
    if (finished := done()) != n:
        raise SystemExit(f"FAILED: the raw loop finished {finished} of {n}")
    return Sample(n, seconds, cpu, redis1.cpu_s - redis0.cpu_s, redis1.calls_since(redis0),
                  COUNTS["commands"] - c0["commands"],
                  COUNTS["round_trips"] - c0["round_trips"])  # fmt: skip


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def compare(title: str, ours: list[Sample], raw: list[Sample], unit: str = "facts") -> None:
    """Every round of both sides, the medians and the median ratio."""
    print(f"\n{title}")
    for i, (o, r) in enumerate(zip(ours, raw, strict=True), start=1):
        print(f" round {i}")
        print(o.line("huikuan"))
        print(r.line("raw"))
    ratios = [o.rate / r.rate for o, r in zip(ours, raw, strict=True)]
    med = statistics.median
    rounds = ", ".join(f"{x:.2f}" for x in ratios)
    print(f" median  huikuan {med(o.rate for o in ours):,.0f} {unit}/s, "
          f"raw {med(r.rate for r in raw):,.0f} {unit}/s, "
          f"ratio {med(ratios):.2f}× (rounds: {rounds})")  # fmt: skip
    o = ours[len(ours) // 2]
    print(f" median-round huikuan per fact: commands {med(s.commands / s.n for s in ours):.2f}, "
          f"round trips {med(s.round_trips / s.n for s in ours):.2f}, "
          f"python {med(s.cpu_s / s.n for s in ours) * 1e6:.0f} µs, "
          f"redis {med(s.redis_cpu_s / s.n for s in ours) * 1e6:.0f} µs"
          f"{'' if not o.extra else ' ' + str(o.extra)}")  # fmt: skip


FAILURES = re.compile(
    r"handler_failed|batch_entry_retried_alone|dead_lettered|waiting_on_transient|Traceback"
)


def drive_service(
    client: sync_redis.Redis, url: str, service: str, progress: Callable[[], int], n: int,
    folder: Path, partitions: int,
) -> Sample:  # fmt: skip
    """Run ``service`` (counted) over a backlog already in Redis; the window runs from its
    first entry done (``progress``) to its n-th. Fails when a handler failed, an entry was
    dead-lettered or the process died."""
    env = {"REDIS_URL": url, "HUIKUAN_PORT": str(free_port()), "HUIKUAN_ENVIRONMENT": "test",
           "HUIKUAN_PARTITIONS": str(partitions), "HUIKUAN_CLOCK": "system"}  # fmt: skip
    proc = CountedProcess(service, env, folder)
    try:
        wait_for(lambda: progress() >= 1, 300, f"{service} to start", proc.check_alive)
        first, redis0, c0 = progress(), RedisSample.take(client), proc.sample()
        t0 = time.perf_counter()
        wait_for(lambda: progress() >= n, 3600, f"{service} to drain", proc.check_alive)
        seconds = time.perf_counter() - t0
        c1, redis1 = proc.sample(), RedisSample.take(client)
        errors = len(FAILURES.findall(proc.log_text()))
    finally:
        proc.stop()
    dead = client.xlen(f"hk:dlq:{service}")
    if errors or dead:
        raise SystemExit(f"FAILED: {service}: {errors} handler failure lines, {dead} dead letters")
    return Sample(
        n - first, seconds, c1["cpu_s"] - c0["cpu_s"], redis1.cpu_s - redis0.cpu_s,
        redis1.calls_since(redis0), c1["commands"] - c0["commands"],
        c1["round_trips"] - c0["round_trips"],
        {"rss_mib": round(c1["rss_kib"] / 1024),
         "gc_us_per_fact": round((c1.get("gc_s", 0) - c0.get("gc_s", 0)) / (n - first) * 1e6, 1),
         "waited_us_per_fact": round(
             (c1.get("waited_s", 0) - c0.get("waited_s", 0)) / (n - first) * 1e6, 1),
         "redis_calls": _top_calls(redis1, redis0, n - first)},
    )  # fmt: skip


def _top_calls(after: RedisSample, before: RedisSample, n: int) -> str:
    """The commands Redis ran most per fact (scripts' inner calls included)."""
    top = list(after.calls_by_command(before).items())[:6]
    return ", ".join(f"{name} {calls / n:.2f}" for name, calls in top)


def quiet() -> None:
    """Library log lines (debug) of the bench process itself would only measure the terminal."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
