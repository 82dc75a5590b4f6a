"""Run a service module with its Redis traffic counted: ``python bench/counted.py <module> <file>``.

Counts, in this process, every command redis-py or ``shared.infra.redis_wire`` packs
(``commands``) and every write
to a socket (``round_trips``: a pipeline is one), and writes them with the process's CPU
time as JSON to ``<file>`` when asked (``SIGUSR1``) and at exit, stamped with the wall
clock, so a bench can take the difference over its timed window. Nothing else runs in the
process: no thread writing on a timer, whose CPU would be counted as the service's.
The counting is two integer additions per command; the service runs unchanged. The CPU
time of the cyclic garbage collector is written too (``gc_s``, a ``gc.callbacks`` hook),
and the wall time the event loop spent waiting in its selector (``waited_s``): while the
process waits there it has nothing to run, so CPU plus waiting is about the wall time,
and the rest is time the process was ready to run but had no core.

``HUIKUAN_BENCH_PROFILE=<file>``: the process also runs under ``cProfile`` timed by CPU
time (``time.process_time``, so other processes on a shared machine do not distort it)
and dumps its stats to ``<file>.<module>`` at exit, one file per service of a run
(``python -m pstats <file>.services.invoicing`` reads them).
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import resource
import runpy
import selectors
import signal
import sys
import time
from pathlib import Path
from typing import Any

import hiredis
from redis.asyncio.connection import AbstractConnection

COUNTS = {"commands": 0, "round_trips": 0, "seq": 0}
GC = {"gc_s": 0.0, "gc_started": 0.0}
WAITED = {"waited_s": 0.0}


def _count_waiting() -> None:
    """Wall time in the event loop's selector (``waited_s``): asyncio's loop on Linux waits
    for its sockets and timers in ``EpollSelector.select``, and nowhere else."""
    select = selectors.EpollSelector.select

    def timed(self: selectors.EpollSelector, timeout: float | None = None) -> Any:
        started = time.perf_counter()
        try:
            return select(self, timeout)
        finally:
            WAITED["waited_s"] += time.perf_counter() - started

    selectors.EpollSelector.select = timed  # type: ignore[method-assign]


def _count_gc() -> None:
    """CPU time the cyclic garbage collector spends (``gc_s``), every generation."""

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            GC["gc_started"] = time.process_time()
        else:
            GC["gc_s"] += time.process_time() - GC["gc_started"]

    gc.callbacks.append(note)


def _count_packing() -> None:
    pack, send = AbstractConnection.pack_command, AbstractConnection.send_packed_command
    c_pack = hiredis.pack_command  # what shared.infra.redis_wire packs with

    def pack_command(self: AbstractConnection, *args: Any) -> Any:
        COUNTS["commands"] += 1
        return pack(self, *args)

    def c_pack_command(args: Any) -> bytes:
        COUNTS["commands"] += 1
        return c_pack(args)

    async def send_packed_command(self: AbstractConnection, *args: Any, **kw: Any) -> None:
        COUNTS["round_trips"] += 1
        await send(self, *args, **kw)

    AbstractConnection.pack_command = pack_command  # type: ignore[method-assign]
    AbstractConnection.send_packed_command = send_packed_command  # type: ignore[method-assign]
    hiredis.pack_command = c_pack_command


def _peak_rss_kib(usage: resource.struct_rusage) -> int:
    """This process's peak resident set (``VmHWM``). Not ``ru_maxrss``: Linux carries that
    across ``execve`` from the process that was forked, so a service started by a bench
    holding a large backlog would report the bench's size as its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return usage.ru_maxrss


def _writer(target: Path) -> Any:
    def write(*_: object) -> None:
        COUNTS["seq"] += 1
        usage = resource.getrusage(resource.RUSAGE_SELF)
        data = {**COUNTS, "cpu_s": usage.ru_utime + usage.ru_stime,
                "rss_kib": _peak_rss_kib(usage), "gc_s": GC["gc_s"], **WAITED,
                "at": time.time()}  # fmt: skip
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, target)

    return write


if __name__ == "__main__":
    module, out = sys.argv[1], Path(sys.argv[2])
    _count_packing()
    _count_gc()
    _count_waiting()
    write = _writer(out)
    signal.signal(signal.SIGUSR1, write)  # the main thread writes between two bytecodes
    atexit.register(write)
    sys.argv = [module]
    if profile_to := os.environ.get("HUIKUAN_BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        atexit.register(lambda: profiler.dump_stats(f"{profile_to}.{module}"))
        # uvicorn re-raises the SIGTERM it caught once the server stopped: exit through
        # Python then, so the stats are written.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        profiler.enable()
    runpy.run_module(module, run_name="__main__", alter_sys=True)
