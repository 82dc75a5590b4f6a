from __future__ import annotations

import asyncio
import datetime as dt

import redis.asyncio as aioredis

from shared.contracts.invoicing import PaymentMissed
from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.kernel.time import from_epoch_ms
from shared.web.auth import Role
from tests.integration.invoicing.harness import (
    drained,
    eventually,
    issue_body,
    payment_body,
    published,
    registered,
    running,
)

START = dt.datetime(2026, 11, 21, 0, 0, tzinfo=dt.UTC)  # payments are value-dated 11-20
# due 2026-11-30 + 3 days' grace → missed at 2026-12-04 00:00 Asia/Shanghai
MISSED_AT = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)
CUSTOMERS = (("UNPAID", "C-1"), ("PARTLY", "C-2"), ("PAID", "C-3"))


def simulated(settings: Settings) -> Settings:
    return settings.model_copy(update={"clock": "simulated", "grace_days": 3})


async def test_an_unpaid_invoice_misses_its_payment_only_after_due_date_plus_grace(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    async with running(simulated(settings), redis) as svc:
        await registered(svc, redis, *(customer for _, customer in CUSTOMERS))
        for number, customer in CUSTOMERS:
            body = issue_body(number=number, customer=customer)
            await svc.client.post("/invoices", json=body, headers=svc.as_(Role.INTEGRATION))
        for number, amount in (("PARTLY", "30.00"), ("PAID", "100.00")):
            await svc.client.post(
                f"/invoices/{number}/payments",
                json=payment_body(f"B-{number}", amount),
                headers=svc.as_(Role.INTEGRATION),
            )

        pending_timers = {n: await _timer_due(redis, settings, n, c) for n, c in CUSTOMERS}

        await clock.set(MISSED_AT - dt.timedelta(seconds=1))
        await asyncio.sleep(0.5)  # ten poller rounds
        early = await published(redis, "PaymentMissed")

        await clock.set(MISSED_AT)

        async def all_timers_handled() -> bool:
            streams = [keys.due_stream(p, "invoicing") for p in range(settings.partitions)]
            drained_all = all([await drained(redis, stream) for stream in streams])
            return drained_all and len(await published(redis, "PaymentMissed")) >= 2

        await eventually(all_timers_handled)
        missed = await published(redis, "PaymentMissed")
        view = await svc.client.get("/invoices/UNPAID", headers=svc.as_(Role.AUDITOR))
        paid_view = await svc.client.get("/invoices/PAID", headers=svc.as_(Role.AUDITOR))

    assert pending_timers == {"UNPAID": MISSED_AT, "PARTLY": MISSED_AT, "PAID": None}
    assert early == []
    by_invoice = {e.invoice_id: e for e in missed if isinstance(e, PaymentMissed)}
    assert set(by_invoice) == {"UNPAID", "PARTLY"}  # the settled one cancelled its timer
    partly = by_invoice["PARTLY"]
    assert isinstance(partly, PaymentMissed)
    assert str(partly.outstanding) == "70.00 CNY"
    assert (partly.due_date, partly.grace_days) == (dt.date(2026, 11, 30), 3)
    assert partly.occurred_at == MISSED_AT
    assert view.json()["status"] == "overdue" and view.json()["payment_missed"] is True
    assert paid_view.json()["status"] == "settled"


async def test_a_redelivered_due_timer_records_no_second_missed_payment(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    due_stream = keys.due_stream(keys.partition_of("C-1", settings.partitions), "invoicing")
    async with running(simulated(settings), redis) as svc:
        await registered(svc, redis, "C-1")
        await svc.client.post("/invoices", json=issue_body(), headers=svc.as_(Role.INTEGRATION))
        await clock.set(MISSED_AT + dt.timedelta(days=1))
        await eventually(lambda: published(redis, "PaymentMissed"))
        await eventually(lambda: drained(redis, due_stream))

        await redis.xgroup_setid(due_stream, "invoicing", id="0")
        await eventually(lambda: drained(redis, due_stream))

    assert len(await published(redis, "PaymentMissed")) == 1
    assert await redis.xlen(keys.dead_letter("invoicing")) == 0


async def _timer_due(
    redis: aioredis.Redis, settings: Settings, number: str, customer: str
) -> dt.datetime | None:
    partition = keys.partition_of(customer, settings.partitions)
    score = await redis.zscore(keys.timers(partition, "invoicing"), f"due:{number}")
    return None if score is None else from_epoch_ms(int(score))
