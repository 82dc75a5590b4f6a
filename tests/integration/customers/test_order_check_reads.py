"""What an order check reads: the credit account alone once the customer is known (the
registered currency is kept), in one round trip before the answer's append; an account
checked often loads from its snapshot."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import redis.asyncio as aioredis
from redis.asyncio.connection import Connection

from services.customers.adapters.access_log import RedisAccessLog
from services.customers.adapters.credit_files import load_credit_policy, load_scorecard
from services.customers.adapters.directory_store import RedisDirectoryStore
from services.customers.adapters.lock import RedisRegistrationLock
from services.customers.app import CREDIT_SNAPSHOT_EVERY
from services.customers.application.credit import CreditAccounts
from services.customers.application.service import Customers
from services.customers.domain.credit.check import OrderToCheck
from services.customers.domain.creditfile import (
    CREDIT_AGGREGATE,
    CreditState,
    evolve_credit,
    initial_credit,
)
from services.customers.domain.errors import CustomerNotFound
from services.customers.domain.state import AGGREGATE_TYPE, CustomerState, evolve, initial
from shared.contracts.customers import CustomerRegistered
from shared.contracts.money import Money
from shared.infra import keys
from shared.infra.clock import FixedClock
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause, fold, stamp
from shared.infra.settings import Settings
from shared.kernel import new_event
from tests.integration.customers.harness import INTEGRATION, registration, running

NOW = dt.datetime(2026, 11, 30, 2, tzinfo=dt.UTC)
PARTITIONS = 4


class CountedConnection(Connection):
    """A real connection that counts its writes to the socket (a pipeline is one)."""

    writes = 0

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountedConnection.writes += 1
        await super().send_packed_command(command, check_health)


def counted(redis: aioredis.Redis) -> aioredis.Redis:
    kwargs = redis.connection_pool.connection_kwargs
    return aioredis.Redis(
        connection_pool=aioredis.ConnectionPool(connection_class=CountedConnection, **kwargs)
    )


def accounts(redis: aioredis.Redis) -> CreditAccounts:
    store, clock = EventStore(redis, "customers", PARTITIONS), FixedClock(NOW)
    customers = Customers(
        RedisRepository(store, AGGREGATE_TYPE, initial, evolve, CustomerState, clock),
        vault=None,  # type: ignore[arg-type]  # a check reads no personal data
        lock=RedisRegistrationLock(redis), access_log=RedisAccessLog(redis), clock=clock,
        directory=RedisDirectoryStore(redis),
    )  # fmt: skip
    credit = RedisRepository(store, CREDIT_AGGREGATE, initial_credit, evolve_credit,
                             CreditState, clock)  # fmt: skip
    return CreditAccounts(credit, customers, load_scorecard(), clock, load_credit_policy())


async def register(redis: aioredis.Redis, customer_id: str) -> None:
    store = EventStore(redis, "customers", PARTITIONS)
    ref = StreamRef(AGGREGATE_TYPE, customer_id, customer_id)
    events = [new_event(CustomerRegistered, NOW, customer_id=customer_id, jurisdiction="cn",
                        currency="CNY")]  # fmt: skip
    stamped = stamp(events, ref, 0, customer_id, "customers", Cause(uuid.uuid4()))
    await store.append(AppendRequest(ref, 0, stamped))


def order(n: int) -> OrderToCheck:
    return OrderToCheck(order_id=f"SO-{n}", amount=Money(amount=30_000, currency="CNY"))


async def test_a_check_of_a_customer_seen_before_reads_the_account_alone_in_one_round_trip(
    redis: aioredis.Redis,
) -> None:
    client = counted(redis)
    credit = accounts(client)
    await register(redis, "C-1")
    await credit.check("C-1", order(1), "erp", key=None)
    CountedConnection.writes = 0

    answer = await credit.check("C-1", order(2), "erp", key=None)

    assert answer.outcome == "approve_with_prepayment"  # no rating yet: the unrated terms
    # The account this process appended last is decided on as cached: no load, only the
    # answer's append, whose version check proves the cached account current.
    assert CountedConnection.writes == 1
    await client.aclose()


async def test_an_unknown_customer_is_refused_and_checked_once_registered(
    redis: aioredis.Redis,
) -> None:
    credit = accounts(redis)
    with pytest.raises(CustomerNotFound):
        await credit.check("C-2", order(1), "erp", key=None)

    await register(redis, "C-2")
    answer = await credit.check("C-2", order(2), "erp", key=None)

    assert answer.customer_id == "C-2" and answer.order_id == "SO-2"


async def test_an_account_checked_often_loads_from_its_snapshot_after_a_restart(
    redis: aioredis.Redis, settings: Settings
) -> None:
    checks = CREDIT_SNAPSHOT_EVERY + 5
    body = {"customer_id": "C-1001", "amount": {"amount": "30000.00", "currency": "CNY"}}
    async with running(settings, redis) as svc:
        assert (await svc.register(registration("C-1001"))).status_code == 201
        for n in range(checks):
            answer = await svc.client.post("/credit/checks", json={**body, "order_id": f"SO-{n}"},
                                           headers=svc.as_(INTEGRATION))  # fmt: skip
            assert answer.status_code == 200, answer.text
    async with running(settings, redis) as svc:  # a new process: nothing cached
        again = await svc.client.post("/credit/checks", json={**body, "order_id": "SO-X"},
                                      headers=svc.as_(INTEGRATION))  # fmt: skip

    store = EventStore(redis, "customers", PARTITIONS)
    ref = StreamRef(CREDIT_AGGREGATE, "C-1001", "C-1001")
    snapshot = await redis.hgetall(keys.snapshot(store.partition(ref), CREDIT_AGGREGATE, "C-1001"))
    replayed = fold(evolve_credit, initial_credit("C-1001"), (await store.load(ref)).events)
    assert int(snapshot[b"version"]) == CREDIT_SNAPSHOT_EVERY
    assert CreditState.model_validate_json(snapshot[b"state"]) == replayed
    assert again.status_code == 200, again.text
    assert {
        k: v for k, v in again.json().items() if k in ("outcome", "exposure", "credit_limit")
    } == {k: v for k, v in answer.json().items() if k in ("outcome", "exposure", "credit_limit")}
