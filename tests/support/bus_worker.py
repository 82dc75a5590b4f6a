"""A tiny consumer process for crash tests of ``shared.infra.bus``.

    python -m tests.support.bus_worker <redis_url> <stream> <consumer_name> <mode>

It follows ``<stream>`` in group ``bustest`` with ``Consumer.follow``, the way a service
does. Mode ``hang``: the handler records ``received <event_id>`` in ``RECEIVED`` and never
returns (the test kills the process with SIGKILL while the entry is unacknowledged).
Mode ``work``: the handler applies the effect once per event id and returns.
Mode ``own``: the worker is one process of a service that owns partitions (``OWN_PARTITIONS``
outbound streams, leases of ``OWN_LEASE_MS``); its handler, keyed by customer, records in
``OWN_LOG`` when it starts and ends an entry — process, partition, lease token, whether
that lease was the one in Redis at that moment, and the server's time — and applies the
entry once, appending its sequence number to ``OWN_ORDER`` + customer. It also follows
``OWN_INGEST``, a stream without a partition, logged as partition ``INGEST_PARTITION``.
"""

from __future__ import annotations

import asyncio
import logging
import sys

import redis.asyncio as aioredis
from faststream.redis import RedisBroker

from shared.contracts import Event
from shared.contracts.invoicing import InvoiceIssued
from shared.infra import keys
from shared.infra.bus import Consumer

SERVICE = "bustest"
RECLAIM_IDLE_MS = 500
EFFECTS = "hk:test:effects"
ATTEMPTS = "hk:test:attempts"
RECEIVED = "hk:test:received"
GUARD = "hk:test:applied:"
OWN_PARTITIONS = 8
OWN_LEASE_MS = 3000
OWN_HANDLING_S = 0.03
OWN_LOG = "hk:test:own:log"
OWN_ORDER = "hk:test:own:order:"
OWN_INGEST = "hk:test:own:ingest"  # no partition: a lease of its own
INGEST_PARTITION = -1  # how the log names it

# Recorded atomically with a look at the lease: a line
# ``process|partition|token|event id|customer|seq|phase|held(1/0)|seconds|microseconds``.
_RECORD = """
local t = redis.call('TIME')
local held = redis.call('GET', KEYS[1]) == ARGV[1] .. ' ' .. ARGV[2]
redis.call('RPUSH', KEYS[2], table.concat(
  {ARGV[1], ARGV[3], ARGV[2], ARGV[4], ARGV[5], ARGV[6], ARGV[7], held and '1' or '0',
   t[1], t[2]}, '|'))
if ARGV[7] == 'end' and redis.call('SET', KEYS[3], '1', 'NX') then
  redis.call('RPUSH', KEYS[4], ARGV[6])
end
return 0
"""

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

    if mode == "own":
        await run_owning(url, name, redis, broker)
        return
    handlers = {"hang": hang, "work": work}
    consumer.follow([stream], handlers[mode])
    await consumer.ensure_groups()
    async with broker:
        await broker.start()
        await consumer.start()
        await asyncio.Event().wait()


async def run_owning(url: str, name: str, redis: aioredis.Redis, broker: RedisBroker) -> None:
    consumer: Consumer[InvoiceIssued] = Consumer(
        broker, redis, SERVICE, name, reclaim_idle_ms=RECLAIM_IDLE_MS, poll_interval_ms=50,
        partitions=OWN_PARTITIONS, lease_ms=OWN_LEASE_MS,
    )  # fmt: skip
    record = redis.register_script(_RECORD)

    async def note(
        event: InvoiceIssued, lease: tuple[str, int | None], partition: int, phase: str
    ) -> None:
        seq = event.external_number.rsplit("-", 1)[1]
        event_id = str(event.event_id)
        await record(
            keys=[lease[0], OWN_LOG, GUARD + event_id, OWN_ORDER + event.customer_id],
            args=[name, str(lease[1]), partition, event_id, event.customer_id, seq, phase],
        )  # fmt: skip

    async def handle(event: InvoiceIssued, stream: str, partition: int) -> None:
        lease = consumer.lease_of(stream)  # the lease (and token) this handling runs under
        assert lease is not None
        await note(event, lease, partition, "start")
        await asyncio.sleep(OWN_HANDLING_S)
        await note(event, lease, partition, "end")

    async def owned(event: InvoiceIssued) -> None:
        partition = keys.partition_of(event.customer_id, OWN_PARTITIONS)
        await handle(event, keys.outbox(partition, "invoicing"), partition)

    async def ingested(event: InvoiceIssued) -> None:
        await handle(event, OWN_INGEST, INGEST_PARTITION)

    streams = [keys.outbox(p, "invoicing") for p in range(OWN_PARTITIONS)]
    consumer.follow(streams, owned, key=lambda event: event.customer_id)
    consumer.follow([OWN_INGEST], ingested, key=lambda event: event.customer_id)
    await consumer.ensure_groups()
    async with broker:
        await broker.start()
        await consumer.start()
        await asyncio.Event().wait()


def main(argv: list[str]) -> None:
    if len(argv) != 4 or argv[3] not in ("hang", "work", "own"):
        raise SystemExit(__doc__)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    asyncio.run(run(*argv))


if __name__ == "__main__":
    main(sys.argv[1:])
