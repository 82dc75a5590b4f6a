"""The ledger of record under load, beside a raw redis-py loop doing the same Redis work.

    .venv/bin/python bench/ledger.py [ITEMS] [CUSTOMERS] [ROUNDS]

1. **One payment across ITEMS open invoices** (default 1,000): a customer's account holds
   ITEMS open invoices; one ``ReceivePayment`` without an allocation list pays them all,
   oldest first, in one version-checked append (one fact, a ``PaymentReceived`` and an
   ``InvoiceSettled`` per invoice, the due timers cancelled). Huikuan runs the use case on
   a cold repository (the account is read and folded from Redis, as after a restart). The
   raw loop does the same Redis work: XRANGE of the same account stream, then one MULTI
   writing the same entries (same bytes) to a stream and the outbound stream.
2. **Statement run for CUSTOMERS customers** (default 10,000): each account (opened, two
   invoices, a payment) gets its statement for October drawn up and ``StatementIssued``
   appended. Raw: per customer XRANGE of the account stream and one MULTI appending one
   entry to it and to the outbound stream. Both with the same concurrency (16).

Every backlog is built before the clock starts. Rounds alternate which side runs first;
the median ratio is printed, with commands sent (Redis ``total_commands_processed``), this
process's CPU per fact and Redis's own CPU (the floor) beside.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import Any

import redis.asyncio as aioredis
from common import bench_redis

from services.invoicing.adapters.rate_packs import load_packs
from services.invoicing.application.ports import Claim
from services.invoicing.application.service import Invoicing
from services.invoicing.domain.account_commands import OnLedger
from services.invoicing.domain.account_state import AGGREGATE_TYPE, AccountState, evolve, initial
from services.invoicing.domain.commands import IssueInvoice, RecordPayment
from services.invoicing.domain.decide import AccountRules, decide
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.ledger.commands import ReceivePayment
from shared.contracts import encode_event
from shared.contracts.money import Money
from shared.infra import keys
from shared.infra.clock import FixedClock
from shared.infra.eventstore import EventStore
from shared.infra.redis_repository import RedisRepository

PARTITIONS = 4
CONCURRENCY = 16
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
RULES = AccountRules(load_packs(), DueWatch(3, "Asia/Shanghai"), 1)


class Index:
    """The invoice-number index in memory (the bench measures the account, not the hash)."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}

    async def locate(self, number: str) -> str | None:
        return self.owners.get(number)

    async def claim(self, number: str, customer: str) -> Claim:
        fresh = number not in self.owners
        return Claim(self.owners.setdefault(number, customer), fresh)

    async def claim_many(self, claims: Sequence[tuple[str, str]]) -> list[Claim | Exception]:
        return [await self.claim(number, customer) for number, customer in claims]

    async def release(self, number: str, customer: str) -> None:
        if self.owners.get(number) == customer:
            del self.owners[number]

    async def customers(self) -> list[str]:
        return sorted(set(self.owners.values()))

    async def rebuild(self) -> int:
        return len(self.owners)


def invoicing(redis: aioredis.Redis, index: Index) -> Invoicing:
    store = EventStore(redis, "invoicing", PARTITIONS)
    repo = RedisRepository(store, AGGREGATE_TYPE, initial, evolve, AccountState, FixedClock(NOW))
    return Invoicing(repo, index, RULES)  # type: ignore[arg-type]


def cny(amount: str | Decimal) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


async def stats(redis: aioredis.Redis) -> tuple[int, float]:
    info = await redis.info()
    return int(info["total_commands_processed"]), float(info["used_cpu_user"]) + float(
        info["used_cpu_sys"]
    )


async def measured(redis: aioredis.Redis, work: Callable[[], Awaitable[None]]) -> dict[str, float]:
    commands, redis_cpu = await stats(redis)
    wall, cpu = time.perf_counter(), time.process_time()
    await work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    commands_after, redis_cpu_after = await stats(redis)
    return {"wall": wall, "cpu": cpu, "commands": commands_after - commands - 1,
            "redis_cpu": redis_cpu_after - redis_cpu}  # fmt: skip


# 1. One payment across many open items -------------------------------------------------


async def account_with_open_invoices(redis: aioredis.Redis, customer: str, items: int) -> None:
    index = Index()
    service = invoicing(redis, index)
    await service.open_for_customer(customer, "cn", dt.date(2026, 1, 1))
    for n in range(items):
        await service.issue(
            IssueInvoice(external_number=f"{customer}-{n:05d}", customer_id=customer,
                         amount=cny("10.00"), issue_date=dt.date(2026, 10, 1),
                         due_date=dt.date(2026, 10, 31) + dt.timedelta(days=n % 20))
        )  # fmt: skip


async def payment_round(
    redis: aioredis.Redis, round_no: int, items: int, huikuan_first: bool
) -> tuple[dict[str, float], dict[str, float], int]:
    ours, theirs = f"C-PAY-{round_no}", f"C-RAW-{round_no}"
    for customer in (ours, theirs):
        await account_with_open_invoices(redis, customer, items)
    payment = ReceivePayment(payment_id=f"BANK-{round_no}", amount=cny(Decimal(10 * items)),
                             value_date=dt.date(2026, 11, 19))  # fmt: skip
    # The raw side's entries: what Huikuan appends, decided before the clock starts.
    dry = invoicing(redis, Index())
    state, version = await dry.repository.load(dry.repository.ref(theirs))
    decided = decide(state, OnLedger(command=payment), NOW, RULES).events
    payloads = [encode_event(e) for e in decided]
    stream = keys.aggregate_stream(keys.partition_of(theirs, PARTITIONS), "account", theirs)
    outbox = keys.outbox(keys.partition_of(theirs, PARTITIONS), "raw")

    async def huikuan() -> None:
        await invoicing(redis, Index()).on_ledger(ours, payment)

    async def raw() -> None:
        await redis.xrange(stream)
        async with redis.pipeline(transaction=True) as pipe:
            for n, payload in enumerate(payloads, start=version + 1):
                pipe.xadd(stream, {"__data__": payload, "hash": "x" * 64, "prev": "x" * 64},
                          id=f"{n}-1")  # fmt: skip
                pipe.xadd(outbox, {"__data__": payload})
            await pipe.execute()

    first, second = (huikuan, raw) if huikuan_first else (raw, huikuan)
    a = await measured(redis, first)
    b = await measured(redis, second)
    return (a, b, len(payloads)) if huikuan_first else (b, a, len(payloads))


# 2. The statement run ---------------------------------------------------------------------


async def customers_with_a_month(redis: aioredis.Redis, prefix: str, count: int) -> list[str]:
    index = Index()
    customers = [f"{prefix}-{n:06d}" for n in range(count)]

    async def one(customer: str) -> None:
        service = invoicing(redis, index)
        await service.open_for_customer(customer, "cn", dt.date(2026, 1, 1))
        for k, day in enumerate((3, 17)):
            await service.issue(
                IssueInvoice(external_number=f"{customer}-{k}", customer_id=customer,
                             amount=cny("500.00"), issue_date=dt.date(2026, 10, day),
                             due_date=dt.date(2026, 11, day))
            )  # fmt: skip
        await service.record_payment(
            RecordPayment(payment_id=f"{customer}-P", external_number=f"{customer}-0",
                          amount=cny("300.00"), value_date=dt.date(2026, 10, 20))
        )  # fmt: skip

    await in_parallel(customers, one)
    return customers


async def in_parallel(customers: list[str], work: Callable[[str], Awaitable[Any]]) -> None:
    queue = list(reversed(customers))

    async def worker() -> None:
        while queue:
            await work(queue.pop())

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def statement_round(
    redis: aioredis.Redis, round_no: int, count: int, huikuan_first: bool
) -> tuple[dict[str, float], dict[str, float], int]:
    ours = await customers_with_a_month(redis, f"S{round_no}", count)
    theirs = await customers_with_a_month(redis, f"R{round_no}", count)
    payload = b'{"type":"StatementIssued","bench":"' + b"x" * 400 + b'"}'

    async def huikuan() -> None:
        service = invoicing(redis, Index())
        october, november = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
        await in_parallel(ours, lambda c: service.issue_statement(c, october, november))

    async def raw_one(customer: str) -> None:
        partition = keys.partition_of(customer, PARTITIONS)
        stream = keys.aggregate_stream(partition, "account", customer)
        entries = await redis.xrange(stream)
        async with redis.pipeline(transaction=True) as pipe:
            pipe.xadd(stream, {"__data__": payload, "hash": "x" * 64, "prev": "x" * 64},
                      id=f"{len(entries) + 1}-1")  # fmt: skip
            pipe.xadd(keys.outbox(partition, "raw"), {"__data__": payload})
            await pipe.execute()

    async def raw() -> None:
        await in_parallel(theirs, raw_one)

    first, second = (huikuan, raw) if huikuan_first else (raw, huikuan)
    a = await measured(redis, first)
    b = await measured(redis, second)
    return (a, b, count) if huikuan_first else (b, a, count)


Round = tuple[dict[str, float], dict[str, float], int]


def summary(title: str, unit: str, rounds: list[Round]) -> None:
    print(f"\n{title}")
    for n, (ours, raw, facts) in enumerate(rounds, start=1):
        cpu = 1e6 * ours["cpu"] / facts
        print(f"  round {n}: huikuan {ours['wall']:.3f} s ({ours['commands']:.0f} commands, "
              f"{cpu:.0f} us CPU/{unit}, Redis CPU {ours['redis_cpu']:.3f} s)"
              f" | raw {raw['wall']:.3f} s ({raw['commands']:.0f} commands, Redis CPU "
              f"{raw['redis_cpu']:.3f} s) | ratio {raw['wall'] / ours['wall']:.2f}x")  # fmt: skip
    ratio = statistics.median(raw["wall"] / ours["wall"] for ours, raw, _ in rounds)
    print(f"  median ratio: huikuan runs at {ratio:.2f}x the raw redis-py loop's speed")


async def main(items: int, customers: int, rounds: int) -> None:
    with bench_redis() as server:
        redis = aioredis.Redis.from_url(server.url)
        payments = [await payment_round(redis, r, items, r % 2 == 0) for r in range(rounds)]
        summary(f"one payment across {items:,} open invoices (one append)", "event", payments)
        statements = [await statement_round(redis, r, customers, r % 2 == 1) for r in range(rounds)]
        summary(f"statement run for {customers:,} customers", "statement", statements)
        await redis.aclose()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    asyncio.run(main(*(args + [1000, 10_000, 3][len(args) :])))
