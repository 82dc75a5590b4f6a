"""Collections follows invoicing on real Redis: overdue, one reminder, back to current."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from shared.contracts.collections import DebtorCleared, DunningLevelReached
from shared.contracts.notifications import NotificationRequested
from shared.infra.settings import Settings
from tests.integration.collections.harness import (
    Running,
    Upstream,
    drained,
    eventually,
    published,
    running,
)
from tests.unit.collections.given import DEBTOR, Invoices, registered


async def debtor_in(svc: Running, state: str) -> dict[str, Any] | None:
    debtor = await svc.debtor(DEBTOR)
    return debtor if debtor.get("state") == state else None


async def test_a_missed_payment_makes_the_debtor_overdue_and_requests_one_reminder(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream, inv = Upstream(redis, settings.partitions), Invoices()
    async with running(settings, redis) as svc:
        await upstream.publish(registered())
        await eventually(lambda: svc.debtor(DEBTOR))  # customers' stream has its own order
        await upstream.publish(inv.issue("INV-1", "12000.00"))
        await upstream.publish(*inv.pay("INV-1", "2000.00"), inv.miss("INV-1"))

        debtor = await eventually(lambda: debtor_in(svc, "overdue"))
        requests = await eventually(lambda: published(redis, "NotificationRequested"))

    assert debtor["overdue"] == [{"amount": "10000.00", "currency": "CNY"}]
    assert (debtor["jurisdiction"], debtor["level"]) == ("cn", 1)
    (request,) = requests
    assert isinstance(request, NotificationRequested)
    assert (request.customer_id, request.template) == (DEBTOR, "overdue_reminder_1")
    assert request.channels == ("email", "log")
    assert [(i.invoice_id, str(i.outstanding)) for i in request.invoices] == [
        ("INV-1", "10000.00 CNY")
    ]
    (level,) = await published(redis, "DunningLevelReached")
    assert isinstance(level, DunningLevelReached)
    assert (level.level, level.rule, level.policy_version) == (
        1,
        "overdue.first_missed_payment",
        "cn-2026.1",
    )


async def test_paying_the_overdue_invoice_brings_the_debtor_back_to_current(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream, inv = Upstream(redis, settings.partitions), Invoices()
    async with running(settings, redis) as svc:
        await upstream.publish(inv.issue("INV-1", "500.00"), inv.miss("INV-1"))
        await eventually(lambda: debtor_in(svc, "overdue"))
        await upstream.publish(*inv.pay("INV-1", "500.00"))

        debtor = await eventually(lambda: debtor_in(svc, "current"))
        (cleared,) = await eventually(lambda: published(redis, "DebtorCleared"))

    assert isinstance(cleared, DebtorCleared)
    assert (cleared.rule, cleared.policy_version) == ("current.overdue_balance_paid", "cn-2026.1")
    assert (debtor["overdue"], debtor["level"]) == ([], 0)
    assert [(i["invoice_id"], i["outstanding"]["amount"]) for i in debtor["invoices"]] == [
        ("INV-1", "0.00")
    ]


async def test_a_republished_missed_payment_appends_nothing_and_asks_for_no_second_reminder(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream, inv = Upstream(redis, settings.partitions), Invoices()
    issued = inv.issue("INV-1", "80.00")
    missed = inv.miss("INV-1")
    async with running(settings, redis) as svc:
        await upstream.publish(issued, missed)
        before = await eventually(lambda: debtor_in(svc, "overdue"))
        await eventually(lambda: published(redis, "NotificationRequested"))

        await upstream.republish(missed, DEBTOR)
        await upstream.republish(issued, DEBTOR)
        await eventually(lambda: drained(redis, upstream.outbox("invoicing", DEBTOR)))
        after = await svc.debtor(DEBTOR)

    assert after["version"] == before["version"]
    assert len(await published(redis, "NotificationRequested")) == 1
    assert len(await published(redis, "DunningLevelReached")) == 1
