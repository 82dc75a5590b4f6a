"""A tiny consumer process for crash tests of ``shared.infra.bus``.

    python -m tests.support.bus_worker <redis_url> <stream> <consumer_name> <mode>

It follows ``<stream>`` in group ``bustest`` with ``Consumer.follow``, the way a service
does. Mode ``hang``: the handler records ``received <event_id>`` in ``RECEIVED`` and never
returns (the test kills the process with SIGKILL while the entry is unacknowledged).
Mode ``work``: the handler applies the effect once per event id and returns.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import redis.asyncio as aioredis
from faststream.redis import RedisBroker

from shared.contracts import Event
from shared.infra.bus import Consumer

SERVICE = "bustest"
RECLAIM_IDLE_MS = 500
EFFECTS = "hk:test:effects"
ATTEMPTS = "hk:test:attempts"
RECEIVED = "hk:test:received"
GUARD = "hk:test:applied:"

# The guard and the effect in one script: a redelivery finds the guard and changes nothing.
_APPLY_ONCE = """
if redis.call('SET', KEYS[1], '1', 'NX') then
  return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
end
return 0
"""


async def record_attempt(redis: aioredis.Redis, event_id: str) -> None:
    """Count one call of a handler for ``event_id`` (deliveries that reached it)."""
    await redis.hincrby(ATTEMPTS, event_id, 1)


async def apply_effect(redis: aioredis.Redis, event_id: str) -> bool:
    """Apply the effect of ``event_id`` unless it was applied already; True if applied now."""
    applied = await redis.eval(_APPLY_ONCE, 2, GUARD + event_id, EFFECTS, event_id)
    return bool(applied)


async def effect_count(redis: aioredis.Redis, event_id: str) -> int:
    return int(await redis.hget(EFFECTS, event_id) or 0)


async def attempt_count(redis: aioredis.Redis, event_id: str) -> int:
    return int(await redis.hget(ATTEMPTS, event_id) or 0)


async def run(url: str, stream: str, name: str, mode: str) -> None:
    redis = aioredis.Redis.from_url(url)
    broker = RedisBroker(url, logger=logging.getLogger("faststream.access"))
    consumer: Consumer[Event] = Consumer(
        broker, redis, SERVICE, name, reclaim_idle_ms=RECLAIM_IDLE_MS, poll_interval_ms=50
    )

    async def hang(event: Event) -> None:
        await redis.rpush(RECEIVED, f"received {event.event_id}")
        await asyncio.Event().wait()

    async def work(event: Event) -> None:
        await record_attempt(redis, str(event.event_id))
        await apply_effect(redis, str(event.event_id))

    handlers = {"hang": hang, "work": work}
    consumer.follow([stream], handlers[mode])
    await consumer.ensure_groups()
    async with broker:
        await broker.start()
        await consumer.start()
        await asyncio.Event().wait()


def main(argv: list[str]) -> None:
    if len(argv) != 4 or argv[3] not in ("hang", "work"):
        raise SystemExit(__doc__)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    asyncio.run(run(*argv))


if __name__ == "__main__":
    main(sys.argv[1:])
