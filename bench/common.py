"""Shared bench plumbing: a throw-away redis-server with the production settings."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.redis_server import RedisServer


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
