"""Snapshots an aggregate is loaded from: with ``snapshot_first`` its first append writes one,
and a cold load reads that snapshot instead of folding the stream from a new state; a
snapshot is read back only by a state model of the same shape at every depth."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import redis.asyncio as aioredis
from pydantic import BaseModel, ConfigDict

from services.invoicing.domain.account_state import AccountState
from shared.contracts import Event, Money
from shared.contracts.invoicing import PaymentReceived
from shared.infra import keys
from shared.infra.eventstore import EventStore
from shared.infra.redis_repository import RedisRepository, snapshot_schema
from shared.infra.repository import Cause
from shared.kernel import Decision, new_event

NOW = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)
PARTITIONS = 4


class Terms(BaseModel):
    model_config = ConfigDict(frozen=True)

    days: int = 30


class Terms2(BaseModel):  # ``Terms`` of a later release: one field more
    model_config = ConfigDict(frozen=True)

    days: int = 30
    grace: int = 0


class Book(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer: str
    payments: int = 0
    terms: dict[str, Terms] = {}


class Book2(BaseModel):  # the same fields at the top, another shape below
    model_config = ConfigDict(frozen=True)

    customer: str
    payments: int = 0
    terms: dict[str, Terms2] = {}


class Folds:
    """An evolve that counts its calls: zero on a load means the snapshot was read."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, state: BaseModel, event: Event) -> BaseModel:
        self.calls += 1
        terms = {**state.terms, f"T{state.payments}": {"days": 14}}  # type: ignore[attr-defined]
        return type(state).model_validate(
            {**state.model_dump(), "payments": state.payments + 1, "terms": terms}  # type: ignore[attr-defined]
        )


def repository(
    redis: aioredis.Redis, model: type[BaseModel], folds: Folds, *, first: bool, every: int = 0
) -> RedisRepository[BaseModel]:
    store = EventStore(redis, "snaptest", PARTITIONS)
    return RedisRepository(
        store, "book", lambda c: model(customer=c), folds, model,
        _Clock(), snapshot_every=every, snapshot_first=first, cache_size=0,
    )  # fmt: skip


class _Clock:
    async def now(self) -> dt.datetime:
        return NOW


def pay(state: BaseModel, now: dt.datetime) -> Decision:
    amount = Money(amount=Decimal("1.00"), currency="CNY")
    return Decision(events=[new_event(
        PaymentReceived, now, invoice_id="INV-1", customer_id=state.customer,  # type: ignore[attr-defined]
        payment_id=f"P-{state.payments + 1}", amount=amount, value_date=now.date(),  # type: ignore[attr-defined]
        outstanding=amount,
    )])  # fmt: skip


def cause() -> Cause:
    return Cause.command("book", "C-1", str(uuid.uuid4()), idempotent=False)


async def stored_snapshot(redis: aioredis.Redis, customer: str) -> dict[bytes, bytes]:
    p = keys.partition_of(customer, PARTITIONS)
    found: dict[bytes, bytes] = await redis.hgetall(keys.snapshot(p, "book", customer))
    return found


async def test_the_first_append_writes_a_snapshot_a_cold_load_reads_without_folding(
    redis: aioredis.Redis,
) -> None:
    writer = repository(redis, Book, Folds(), first=True)
    await writer.execute(writer.ref("C-1"), pay, cause())

    snapshot = await stored_snapshot(redis, "C-1")
    assert int(snapshot[b"version"]) == 1
    assert Book.model_validate_json(snapshot[b"state"]).payments == 1

    folds = Folds()
    reader = repository(redis, Book, folds, first=True)  # another process: nothing cached
    state, version = await reader.load(reader.ref("C-1"))
    assert (state, version) == (Book(customer="C-1", payments=1, terms={"T0": Terms(days=14)}), 1)
    assert folds.calls == 0  # read from the snapshot, not folded


async def test_without_snapshot_first_the_first_append_writes_none_and_a_load_folds(
    redis: aioredis.Redis,
) -> None:
    writer = repository(redis, Book, Folds(), first=False, every=50)
    await writer.execute(writer.ref("C-2"), pay, cause())

    assert await stored_snapshot(redis, "C-2") == {}
    folds = Folds()
    reader = repository(redis, Book, folds, first=False, every=50)
    state, version = await reader.load(reader.ref("C-2"))
    assert (state.payments, version, folds.calls) == (1, 1, 1)  # type: ignore[attr-defined]


async def test_later_appends_write_snapshots_only_every_n_events(redis: aioredis.Redis) -> None:
    writer = repository(redis, Book, Folds(), first=True, every=3)
    for _ in range(5):
        await writer.execute(writer.ref("C-3"), pay, cause())

    assert int((await stored_snapshot(redis, "C-3"))[b"version"]) == 3  # written at 1, then 3
    folds = Folds()
    reader = repository(redis, Book, folds, first=True, every=3)
    state, version = await reader.load(reader.ref("C-3"))
    assert (state.payments, version, folds.calls) == (5, 5, 2)  # type: ignore[attr-defined]


async def test_a_snapshot_of_another_shape_below_the_top_is_ignored_and_the_stream_refolded(
    redis: aioredis.Redis,
) -> None:
    """``Book`` and ``Book2`` have the same fields; only a model they hold differs. A
    snapshot written by one is not read by the other: the stream is folded from its start."""
    writer = repository(redis, Book, Folds(), first=True)
    await writer.execute(writer.ref("C-4"), pay, cause())
    assert await stored_snapshot(redis, "C-4") != {}

    folds = Folds()
    reader = repository(redis, Book2, folds, first=True)
    state, version = await reader.load(reader.ref("C-4"))

    assert folds.calls == 1
    assert (state, version) == (Book2(customer="C-4", payments=1, terms={"T0": Terms2(days=14)}), 1)


def test_the_snapshot_schema_follows_every_depth_and_is_the_same_in_every_process() -> None:
    assert set(Book.model_fields) == set(Book2.model_fields)
    assert snapshot_schema(Book) != snapshot_schema(Book2)
    assert snapshot_schema(Book) == snapshot_schema(Book)
    code = (
        "from services.invoicing.domain.account_state import AccountState\n"
        "from shared.infra.redis_repository import snapshot_schema\n"
        "print(snapshot_schema(AccountState))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed}, cwd=Path(__file__).parents[2],
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert seen == {snapshot_schema(AccountState)}
