"""``RedisRepository.execute_many``: a batch of commands at one clock reading, loaded in one
pipeline and appended in one pipeline of atomic, version-checked script calls; a conflict
is decided again for its aggregate alone; the snapshot and a read-model row are written by
the append itself."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal

import redis as sync_redis
import redis.asyncio as aioredis
from pydantic import BaseModel, ConfigDict

from shared.contracts import Event, Money, encode_event
from shared.contracts.invoicing import PaymentReceived
from shared.infra import keys
from shared.infra.eventstore import EventStore, ProjectionWrite, StreamRef, chain_hash
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause, Decide, Outcome
from shared.kernel import Decision, new_event
from tests.support.redis_server import RedisServer

NOW = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)
PARTITIONS = 4


class Paid(BaseModel):
    model_config = ConfigDict(frozen=True)

    invoice: str
    payments: int = 0


def evolve(state: Paid, event: Event) -> Paid:
    return state.model_copy(update={"payments": state.payments + 1})


class CountingClock:
    def __init__(self) -> None:
        self.reads = 0

    async def now(self) -> dt.datetime:
        self.reads += 1
        return NOW


def row(state: Paid, version: int, now: dt.datetime, partition: int) -> ProjectionWrite:
    return ProjectionWrite(
        keys.partition_projection(partition, "batchtest", "rank"),
        keys.partition_projection(partition, "batchtest", "rows"),
        keys.partition_projection(partition, "batchtest", "versions"),
        state.invoice, state.model_dump_json(), float(state.payments),
        keys.partition_projection(partition, "batchtest", "side"), f"paid {state.payments}",
    )  # fmt: skip


def repository(
    redis: aioredis.Redis, clock: CountingClock | None = None, snapshot_every: int = 0
) -> RedisRepository[Paid]:
    store = EventStore(redis, "batchtest", PARTITIONS)
    return RedisRepository(store, "inv", lambda i: Paid(invoice=i), evolve, Paid,
                           clock or CountingClock(), snapshot_every=snapshot_every,
                           project=row)  # fmt: skip


def pay(seen: list[int] | None = None) -> Decide[Paid]:
    def decide(state: Paid, now: dt.datetime) -> Decision:
        if seen is not None:
            seen.append(state.payments)
        amount = Money(amount=Decimal("1.00"), currency="CNY")
        return Decision(events=[new_event(
            PaymentReceived, now, invoice_id=state.invoice, customer_id="C-1",
            payment_id=f"P-{state.payments + 1}", amount=amount, value_date=now.date(),
            outstanding=amount,
        )])  # fmt: skip

    return decide


def cause() -> Cause:
    return Cause(correlation_id=uuid.uuid4())


async def evalsha_calls(redis: aioredis.Redis) -> int:
    stats = await redis.info("commandstats")
    return int(stats.get("cmdstat_evalsha", {}).get("calls", 0))


async def test_a_batch_reads_the_clock_once_and_costs_one_load_and_one_append_call_each(
    redis: aioredis.Redis,
) -> None:
    clock = CountingClock()
    repo = repository(redis, clock)
    ids = [f"INV-{n}" for n in range(30)]
    await redis.config_resetstat()
    outcomes = await repo.execute_many([(repo.ref(i), pay(), cause()) for i in ids])

    assert clock.reads == 1
    assert await evalsha_calls(redis) == 2 * len(ids)  # load script + append script each
    assert [o.version for o in outcomes if isinstance(o, Outcome)] == [1] * len(ids)
    again = await repo.execute_many([(repo.ref(i), pay(), cause()) for i in ids])
    assert [o.version for o in again if isinstance(o, Outcome)] == [2] * len(ids)


def interloper(url: str, ref: StreamRef) -> Callable[[], None]:
    """Another writer appending one event to ``ref`` (synchronously, between a batch's load
    and its append)."""
    other = sync_redis.Redis.from_url(url)
    stream = keys.aggregate_stream(keys.partition_of(ref.partition_key, PARTITIONS), "inv",
                                   ref.aggregate_id)  # fmt: skip

    def append() -> None:
        [(last_id, fields)] = other.xrevrange(stream, count=1)
        version, prev = int(last_id.split(b"-")[0]) + 1, fields[b"hash"].decode()
        (event,) = pay()(Paid(invoice=ref.aggregate_id), NOW).events
        stamped = event.model_copy(update={"aggregate_id": ref.aggregate_id,
                                           "aggregate_version": version})  # fmt: skip
        payload = encode_event(stamped)
        other.xadd(stream, {"__data__": payload, "hash": chain_hash(prev, payload), "prev": prev},
                   id=f"{version}-1")  # fmt: skip

    return append


async def test_a_conflict_in_a_batch_is_decided_again_for_that_aggregate_alone(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    repo = repository(redis)
    a, b = repo.ref("INV-A"), repo.ref("INV-B")
    await repo.execute_many([(a, pay(), cause()), (b, pay(), cause())])
    sneak, seen = interloper(redis_server.url, a), []

    def decide_a(state: Paid, now: dt.datetime) -> Decision:
        if not seen:
            sneak()  # appends version 2 after this batch loaded A at version 1
        return pay(seen)(state, now)

    outcomes = await repo.execute_many([(a, decide_a, cause()), (b, pay(seen), cause())])

    assert seen == [1, 1, 2]  # A decided on 1, refused by the version check, again on 2; B once
    assert [o.version for o in outcomes if isinstance(o, Outcome)] == [3, 2]
    state, version = await repository(redis).load(a)
    assert (state.payments, version) == (3, 3)
    assert (await repo.verify(a)).ok


async def test_two_commands_about_one_aggregate_in_a_batch_apply_in_order(
    redis: aioredis.Redis,
) -> None:
    repo, seen = repository(redis), []
    work = [(repo.ref("INV-1"), pay(seen), cause()), (repo.ref("INV-2"), pay(seen), cause()),
            (repo.ref("INV-1"), pay(seen), cause())]  # fmt: skip
    outcomes = await repo.execute_many(work)

    assert [o.version for o in outcomes if isinstance(o, Outcome)] == [1, 1, 2]
    assert seen == [0, 0, 1]


async def test_the_append_writes_the_snapshot_and_the_read_model_row_with_the_events(
    redis: aioredis.Redis,
) -> None:
    repo = repository(redis, snapshot_every=2)
    ref = repo.ref("INV-S")
    for _ in range(3):
        await repo.execute_many([(ref, pay(), cause())])
    p = keys.partition_of("INV-S", PARTITIONS)
    snapshot = await redis.hgetall(keys.snapshot(p, "inv", "INV-S"))
    stored = await redis.hget(keys.partition_projection(p, "batchtest", "rows"), "INV-S")
    score = await redis.zscore(keys.partition_projection(p, "batchtest", "rank"), "INV-S")

    assert int(snapshot[b"version"]) == 2
    assert Paid.model_validate_json(snapshot[b"state"]).payments == 2
    assert Paid.model_validate_json(stored).payments == 3 and score == 3.0
    side = await redis.hget(keys.partition_projection(p, "batchtest", "side"), "INV-S")
    assert side == b"paid 3"
    fresh = repository(redis, snapshot_every=2)  # loads from the snapshot plus one event
    state, version = await fresh.load(ref)
    assert (state.payments, version) == (3, 3)


async def test_concurrent_commands_travel_together_and_each_hears_its_own_answer(
    redis: aioredis.Redis,
) -> None:
    clock = CountingClock()
    repo = repository(redis, clock)

    def refuse(state: Paid, now: dt.datetime) -> Decision:
        raise ValueError(f"{state.invoice} refused")

    ids = [f"INV-{n}" for n in range(20)]
    await redis.config_resetstat()
    results = await asyncio.gather(
        *(repo.execute(repo.ref(i), pay(), cause()) for i in ids),
        repo.execute(repo.ref("INV-X"), refuse, cause()),
        return_exceptions=True,
    )

    assert [r.version for r in results[:-1] if isinstance(r, Outcome)] == [1] * len(ids)
    assert isinstance(results[-1], ValueError) and str(results[-1]) == "INV-X refused"
    assert clock.reads == 1  # one batch: one clock reading
    assert await evalsha_calls(redis) == 2 * len(ids) + 1  # the refused one only loaded
