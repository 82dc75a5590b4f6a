"""Durable timers in Redis: scheduled per partition, moved atomically into a due stream.

Key layout (all keys of a partition share its hash tag ``{pNN}``, one slot per script):

* ``keys.timers(p, service)`` — ZSET, member = ``timer_id``, score = due instant as
  integer epoch milliseconds (``shared.kernel.time.to_epoch_ms(timer.due_at)``).
* ``keys.timer_data(p, service)`` — HASH, field = ``timer_id``, value =
  ``Timer.model_dump_json()``.
* ``keys.due_stream(p, service)`` — STREAM; a fired timer is one entry with fields
  ``__data__`` = the Timer JSON (FastStream reads it as the body) and ``timer_id``.

Scheduling is ZADD + HSET (re-scheduling an id replaces its due time and JSON);
cancelling is ZREM + HDEL. The event store does the same writes inside its append
script. Firing (``lua/timers_fire.lua``) does XADD + ZREM + HDEL in one script, so a
timer fires at most once however many pollers race, and a fired timer is never lost:
the due stream is consumed, claimed and dead-lettered like any other stream.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from shared.infra import keys
from shared.infra.clock import Clock
from shared.infra.connection import run_scripts
from shared.kernel.time import to_epoch_ms
from shared.kernel.timer import Timer

log = structlog.get_logger()

LUA_DIR = Path(__file__).parent / "lua"
FIRE_BATCH = 100
MAX_BACKOFF_S = 5.0


@cache
def lua_source(name: str) -> str:
    """Source of ``shared/infra/lua/timers_<name>.lua``."""
    return (LUA_DIR / f"timers_{name}.lua").read_text()


async def _run(redis: Redis, name: str, keys_: list[str], args: list[Any]) -> Any:
    script = redis.register_script(lua_source(name))
    return await script(keys=keys_, args=args)


def parse_timer(raw: bytes | str) -> Timer:
    """Parse the Timer JSON of a due-stream entry (its ``__data__`` field)."""
    return Timer.model_validate_json(raw)


class UnknownTimerKind(ValueError):
    """A fired timer of a kind the service never schedules.

    It would fail the same way on every delivery, so it is refused at parsing: the bus
    dead-letters it at once, with this error naming the service and the kind.
    """


def timer_reader(service: str, *kinds: str) -> Callable[[bytes], Timer]:
    """The parser of ``service``'s due streams: a fired timer of one of ``kinds``."""

    def read(payload: bytes) -> Timer:
        timer = parse_timer(payload)
        if timer.kind not in kinds:
            raise UnknownTimerKind(f"{service} has no timers of kind {timer.kind!r}")
        return timer

    return read


async def schedule_timer(redis: Redis, partition: int, service: str, timer: Timer) -> None:
    """Schedule ``timer`` (idempotent by id; re-scheduling replaces the due time)."""
    await _run(
        redis,
        "schedule",
        [keys.timers(partition, service), keys.timer_data(partition, service)],
        [timer.timer_id, timer.due_ms, timer.model_dump_json()],
    )


async def cancel_timer(redis: Redis, partition: int, service: str, timer_id: str) -> bool:
    """Cancel a pending timer; returns whether it was pending."""
    removed = await _run(
        redis,
        "cancel",
        [keys.timers(partition, service), keys.timer_data(partition, service)],
        [timer_id],
    )
    return bool(removed)


async def fire_due(
    redis: Redis, partition: int, service: str, now: datetime, limit: int = FIRE_BATCH
) -> int:
    """Move up to ``limit`` timers due at ``now`` into the due stream; returns the count."""
    moved = await _run(redis, "fire", fire_keys(partition, service), [to_epoch_ms(now), limit])
    return int(moved)


def fire_keys(partition: int, service: str) -> list[str]:
    """The keys ``lua/timers_fire.lua`` takes: the partition's timers, their data, its due
    stream."""
    return [
        keys.timers(partition, service),
        keys.timer_data(partition, service),
        keys.due_stream(partition, service),
    ]


class TimerPoller:
    """Fires the due timers of one service's partitions, every ``interval_ms``.

    ``held``: the partitions this process holds (``Consumer.held_partitions``), or None
    when it works without partition leases. A process fires the timers of the partitions
    it holds, into the due streams it alone reads; without leases, or without ``held``,
    it fires every partition. One poll is one pipelined round trip for all its partitions
    (on a Cluster, one call per partition at once), again for those with more due than
    one batch."""

    def __init__(
        self, redis: Redis, service: str, partitions: int, clock: Clock, interval_ms: int,
        held: Callable[[], Iterable[int] | None] | None = None,
    ) -> None:  # fmt: skip
        self.redis = redis
        self.service = service
        self.partitions = partitions
        self.clock = clock
        self.interval_s = interval_ms / 1000
        self.held = held
        self._fire = redis.register_script(lua_source("fire"))
        self._stop = asyncio.Event()

    def _to_fire(self) -> list[int]:
        held = self.held() if self.held is not None else None
        return list(range(self.partitions)) if held is None else list(held)

    async def run_once(self) -> int:
        """Fire everything due now in this process's partitions; returns the count fired.
        Raises the first error a partition's call met (after the others ran)."""
        now_ms = to_epoch_ms(await self.clock.now())
        total, pending = 0, self._to_fire()
        while pending:
            calls = [
                (self._fire, fire_keys(p, self.service), [now_ms, FIRE_BATCH]) for p in pending
            ]
            replies = await run_scripts(self.redis, calls)
            if failed := next((r for r in replies if isinstance(r, BaseException)), None):
                raise failed
            total += sum(int(r) for r in replies)
            pending = [p for p, moved in zip(pending, replies, strict=True) if moved >= FIRE_BATCH]
        return total

    async def run(self) -> None:
        """Poll until ``stop()``; Redis errors are logged and retried with backoff."""
        failures = 0
        while not self._stop.is_set():
            try:
                fired = await self.run_once()
            except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                failures += 1
                log.warning(
                    "timer_poll_redis_unavailable",
                    service=self.service,
                    error=repr(exc),
                    failures=failures,
                )
            except Exception:
                failures += 1
                log.exception("timer_poll_failed", service=self.service, failures=failures)
            else:
                failures = 0
                if fired:
                    log.info("timers_fired", service=self.service, count=fired)
            await self._sleep(self._delay(failures))

    def _delay(self, failures: int) -> float:
        if failures == 0:
            return self.interval_s
        return max(self.interval_s, min(self.interval_s * 2.0**failures, MAX_BACKOFF_S))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)

    def stop(self) -> None:
        """Ask ``run()`` to return after its current iteration."""
        self._stop.set()
