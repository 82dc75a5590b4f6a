"""Two collections replicas in one consumer group end where one replica in order ends.

Per-debtor order across replicas is kept by partition ownership: the replicas share the
partitions by leases (``shared.infra.ownership``), so one debtor's facts are decided by
one replica at a time, in stream order; every append still checks the debtor's version,
and facts about one invoice are ordered by invoicing's version, not by arrival. What is
compared is the debtor's standing: state, level, halt, balances and every invoice's
balance and missed flag.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import AsyncExitStack
from decimal import Decimal

import pytest
import redis.asyncio as aioredis

from services.collections.domain.state import Debtor, fold, initial
from shared.contracts import Event
from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.eventstore import EventStore, StreamRef
from shared.infra.settings import Settings
from tests.integration.collections.harness import Upstream, drained, eventually, running
from tests.unit.collections.given import History, Invoices

NOW = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)


def random_history(rng: random.Random, customer_id: str) -> list[Event]:
    """What invoicing publishes for one debtor: issues, partial/full payments, misses."""
    inv, events = Invoices(customer_id), []
    numbers = [f"{customer_id}-INV-{n}" for n in range(rng.randint(1, 3))]
    for number in numbers:
        due = NOW.date() - dt.timedelta(days=rng.randint(4, 40))
        events.append(inv.issue(number, str(rng.randint(100, 20_000)), due=due))
    for _ in range(rng.randint(0, 5)):
        number = rng.choice(numbers)
        left = inv.outstanding[number].amount
        if left <= 0:
            continue
        if rng.random() < 0.5:
            events.append(inv.miss(number))
        else:
            share = Decimal(rng.choice([25, 50, 100])) / 100
            paid = left if share == 1 else (left * share).quantize(Decimal("0.01"))
            value = NOW.date() - dt.timedelta(days=rng.randint(0, 30))
            events += inv.pay(number, str(paid), value_date=value)
    return events


def standing(debtor: Debtor) -> tuple[object, ...]:
    invoices = {i: (v.outstanding, v.missed) for i, v in sorted(debtor.invoices.items())}
    return (
        debtor.state,
        debtor.level,
        debtor.halt_id is not None,
        debtor.overdue_by_currency(),
        debtor.outstanding_by_currency(),
        invoices,
    )


def in_order(customer_id: str, events: list[Event]) -> Debtor:
    """One replica, facts in their published order (the pure domain, same clock)."""
    history = History(customer_id, now=NOW)
    for event in events:
        history.when(event)
    return history.state


async def stored(redis: aioredis.Redis, partitions: int, customer_id: str) -> Debtor:
    loaded = await EventStore(redis, "collections", partitions).load(
        StreamRef("debtor", customer_id, customer_id)
    )
    return fold(initial(customer_id), loaded.events)


async def all_drained(redis: aioredis.Redis, partitions: int) -> bool:
    streams = [keys.outbox(p, "invoicing") for p in range(partitions)]
    return all([await drained(redis, s) for s in streams])


async def shared_by_two(redis: aioredis.Redis, partitions: int) -> bool:
    """Every partition's lease held, by two replicas between them."""
    prefix = keys.ownership("collections") + ":lease:"
    holders = await redis.mget([prefix + str(p) for p in range(partitions)])
    named = {bytes(h).split(b" ")[0] for h in holders if h}
    return all(holders) and len(named) == 2


@pytest.mark.parametrize("seed", [7, 2026])
async def test_two_replicas_end_in_the_states_of_one_replica_in_order(
    redis: aioredis.Redis, settings: Settings, seed: int
) -> None:
    rng = random.Random(seed)
    histories = {f"C-{n:03d}": random_history(rng, f"C-{n:03d}") for n in range(40)}
    await SimulatedClock(redis).set(NOW)
    settings = settings.model_copy(update={"clock": "simulated"})
    upstream = Upstream(redis, settings.partitions)
    async with AsyncExitStack() as replicas:
        for _ in range(2):
            await replicas.enter_async_context(running(settings, redis))
        await eventually(lambda: shared_by_two(redis, settings.partitions), timeout=60)
        interleaved = [e for events in histories.values() for e in events]
        rng.shuffle(interleaved)  # across debtors; each debtor's own facts stay in order
        per_debtor = {cid: iter(events) for cid, events in histories.items()}
        for event in interleaved:
            await upstream.publish(next(per_debtor[event.customer_id]))  # type: ignore[attr-defined]
        await eventually(lambda: all_drained(redis, settings.partitions), timeout=60)

    for customer_id, events in histories.items():
        expected = standing(in_order(customer_id, events))
        got = standing(await stored(redis, settings.partitions, customer_id))
        assert got == expected, customer_id
