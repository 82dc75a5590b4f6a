"""A consumer killed (SIGKILL) between receiving and acking: another one takes its entry over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import redis.asyncio as aioredis

from shared.infra.bus import ensure_group
from tests.integration.bus.helpers import STREAM, eventually, pending, publish
from tests.support.bus_worker import RECEIVED, SERVICE, attempt_count, effect_count
from tests.support.factories import invoice_issued
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[3]
WAIT_S = 20


class Workers:
    """``tests.support.bus_worker`` processes, each logging to its own file."""

    def __init__(self, url: str, logs: Path) -> None:
        self.url, self.logs = url, logs
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, mode: str) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.support.bus_worker", self.url, STREAM, name, mode],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.procs.append(proc)
        return proc

    def kill_all(self) -> None:
        for proc in self.procs:
            proc.kill()
            proc.wait(timeout=10)

    def output(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.logs.glob("*.log")))


async def test_an_entry_of_a_consumer_killed_before_its_ack_is_reclaimed_and_applied_once(
    redis_server: RedisServer, redis: aioredis.Redis, tmp_path: Path
) -> None:
    await ensure_group(redis, STREAM, SERVICE)
    event = invoice_issued()
    event_id = str(event.event_id)
    workers = Workers(redis_server.url, tmp_path)
    try:
        hanging = workers.start("worker-a", "hang")
        entry_id = await publish(redis, event)
        await eventually(lambda: _received(redis, event_id), WAIT_S)
        hanging.kill()  # SIGKILL: no chance to ack or to clean up
        hanging.wait(timeout=10)
        [entry] = await pending(redis)
        assert (entry["message_id"].decode(), entry["consumer"]) == (entry_id, b"worker-a")
        assert await effect_count(redis, event_id) == 0

        workers.start("worker-b", "work")
        assert await eventually(lambda: effect_count(redis, event_id), WAIT_S) == 1
        assert await eventually(lambda: _nothing_pending(redis), WAIT_S)
        assert await attempt_count(redis, event_id) == 1
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- worker output ---\n{workers.output()}") from exc
    finally:
        workers.kill_all()
    assert await effect_count(redis, event_id) == 1


async def _received(redis: aioredis.Redis, event_id: str) -> bool:
    return f"received {event_id}".encode() in await redis.lrange(RECEIVED, 0, -1)


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return not await pending(redis)
