"""The repository's state cache: fewer replays and reads, and no decision on a stale state
ever stands: the append's version check refuses it and the command is decided again."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import redis.asyncio as aioredis
from pydantic import BaseModel, ConfigDict

from shared.contracts import Event, Money
from shared.contracts.invoicing import PaymentReceived
from shared.infra.clock import FixedClock
from shared.infra.eventstore import EventStore
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause, Decide
from shared.kernel import Decision, new_event

NOW = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)


class Paid(BaseModel):
    """A toy aggregate: how many payments it has seen."""

    model_config = ConfigDict(frozen=True)

    invoice: str
    payments: int = 0


class Counting:
    """``evolve`` that counts its calls: each call is one event replayed or applied."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, state: Paid, event: Event) -> Paid:
        self.calls += 1
        return state.model_copy(update={"payments": state.payments + 1})


def repository(redis: aioredis.Redis, evolve: Counting, cache_size: int) -> RedisRepository[Paid]:
    store = EventStore(redis, "cachetest", 4)
    return RedisRepository(store, "inv", lambda i: Paid(invoice=i), evolve, Paid,
                           FixedClock(NOW), cache_size=cache_size)  # fmt: skip


def pay(seen: list[int]) -> Decide[Paid]:
    def decide(state: Paid, now: dt.datetime) -> Decision:
        seen.append(state.payments)
        amount = Money(amount=Decimal("1.00"), currency="CNY")
        return Decision(events=[new_event(
            PaymentReceived, now, invoice_id="INV-1", customer_id="C-1",
            payment_id=f"P-{state.payments + 1}", amount=amount, value_date=now.date(),
            outstanding=amount,
        )])  # fmt: skip

    return decide


async def run(repo: RedisRepository[Paid], seen: list[int]) -> None:
    await repo.execute(repo.ref("INV-1"), pay(seen), Cause(correlation_id=uuid.uuid4()))


async def test_a_cached_aggregate_is_not_replayed_from_its_first_event(
    redis: aioredis.Redis,
) -> None:
    cached, uncached = Counting(), Counting()
    for evolve, size in ((cached, 100), (uncached, 0)):
        await redis.flushall()
        repo, seen = repository(redis, evolve, size), []
        for _ in range(10):
            await run(repo, seen)
        assert seen == list(range(10))  # both decide on the full state
    assert cached.calls == 10  # each event applied once, when appended
    assert uncached.calls == 10 + sum(range(10))  # plus a replay before every command


async def test_a_replica_with_a_stale_cache_decides_again_on_the_latest_state(
    redis: aioredis.Redis,
) -> None:
    first, second = repository(redis, Counting(), 100), repository(redis, Counting(), 100)
    seen_first: list[int] = []
    await run(first, seen_first)  # first caches version 1
    await run(second, [])
    await run(second, [])  # the stream is at version 3 now
    await run(first, seen_first)

    # The cached state (1) is decided on without a read; the append's version check
    # refuses that decision and the command is taken again on the latest state (3).
    assert seen_first == [0, 1, 3]
    state, version = await repository(redis, Counting(), 0).load(first.ref("INV-1"))
    assert (state.payments, version) == (4, 4)


async def test_the_cache_holds_at_most_its_size(redis: aioredis.Redis) -> None:
    repo = repository(redis, Counting(), 3)
    for n in range(5):
        await repo.execute(repo.ref(f"INV-{n}"), pay([]), Cause(correlation_id=uuid.uuid4()))
    assert list(repo._cache) == ["INV-2", "INV-3", "INV-4"]


def pay_once_two_seen(seen: list[int]) -> Decide[Paid]:
    """Decides nothing until the aggregate has seen two payments, then pays."""
    paying = pay(seen)

    def decide(state: Paid, now: dt.datetime) -> Decision:
        return paying(state, now) if state.payments >= 2 else Decision(events=[])

    return decide


async def test_a_stale_cached_state_that_asks_nothing_is_decided_again_on_the_latest(
    redis: aioredis.Redis,
) -> None:
    """Nothing to append means no version check: such a decision on a cached state is not
    taken as it is, but decided again on the stored state."""
    first, second = repository(redis, Counting(), 100), repository(redis, Counting(), 100)
    await run(first, [])  # first caches version 1
    await run(second, [])  # version 2, unknown to first's cache
    seen: list[int] = []
    outcome = await first.execute(first.ref("INV-1"), pay_once_two_seen(seen),
                                  Cause(correlation_id=uuid.uuid4()))  # fmt: skip

    assert seen == [2]  # on the cached 1 it would do nothing; on the stored 2 it pays
    assert (outcome.state.payments, outcome.version, len(outcome.events)) == (3, 3, 1)


async def test_a_decision_failing_on_a_stale_cached_state_is_decided_again_on_the_latest(
    redis: aioredis.Redis,
) -> None:
    first, second = repository(redis, Counting(), 100), repository(redis, Counting(), 100)
    await run(first, [])
    await run(second, [])
    decided_on: list[int] = []

    def fails_before_two(state: Paid, now: dt.datetime) -> Decision:
        decided_on.append(state.payments)
        if state.payments < 2:
            raise ValueError("needs the second payment first")
        return pay([])(state, now)

    outcome = await first.execute(first.ref("INV-1"), fails_before_two,
                                  Cause(correlation_id=uuid.uuid4()))  # fmt: skip

    assert decided_on == [1, 2]
    assert outcome.version == 3


def pay_and_fold(seen: list[int]) -> Decide[Paid]:
    """``pay``, handing over the state after its event as the decider folded it."""

    def decide(state: Paid, now: dt.datetime) -> Decision:
        decision = pay(seen)(state, now)
        after = state.model_copy(update={"payments": state.payments + 1})
        return Decision(events=decision.events, state=after)

    return decide


async def test_a_state_the_decision_hands_over_is_kept_without_folding_its_events_again(
    redis: aioredis.Redis,
) -> None:
    evolve = Counting()
    repo, seen = repository(redis, evolve, 100), []
    for _ in range(5):
        outcome = await repo.execute(repo.ref("INV-1"), pay_and_fold(seen),
                                     Cause(correlation_id=uuid.uuid4()))  # fmt: skip
        assert outcome.state.payments == len(seen)
    outcomes = await repo.execute_many(
        [(repo.ref("INV-1"), pay_and_fold(seen), Cause(correlation_id=uuid.uuid4()))]
    )
    assert not isinstance(outcomes[0], Exception) and outcomes[0].state.payments == 6
    assert seen == list(range(6))  # each decided on the state the one before handed over
    assert evolve.calls == 0  # nothing folded: neither on append nor on a replay
    # what is stored folds to the same state, read by a repository with no cache
    assert (await repository(redis, Counting(), 0).load(repo.ref("INV-1")))[0].payments == 6
