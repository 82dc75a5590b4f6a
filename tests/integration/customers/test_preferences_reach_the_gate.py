"""What a contact asked, recorded in customers, decides what notifications sends.

The real customers app is served over HTTP (uvicorn, its own start-up) and the real
notifications app runs in-process, both against the session's Redis, with a real SMTP
server and a simulated clock. A collector records a written cease-contact request (R4), an
inconvenient slot or an inconvenient channel (R9) through the customers API; an overdue
reminder then is suppressed, or deferred until the slot ends, naming the rule.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import redis.asyncio as aioredis

from services.customers.app import build as build_customers
from shared.contracts import Event, Money
from shared.contracts.notifications import InvoiceRef, NotificationRequested
from shared.infra.clock import SimulatedClock
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.notifications.harness import (
    Mailbox,
    eventually,
    http_server,
    published,
    running,
    smtp_server,
)
from tests.support.apps import api_key, keys_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_TEN = dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)  # a working day in China
CUSTOMER = "C-7001"
CONTACT = f"/customers/{CUSTOMER}/contacts/ct-1"


def registration() -> dict[str, Any]:
    contact = {"name": "钱立新", "email": "qian.lixin@example.cn", "language": "zh-CN",
               "timezone": "Asia/Shanghai", "role": "debtor_staff",
               "consent": {"email": True, "sms": False}}  # fmt: skip
    return {"customer_id": CUSTOMER, "legal_name": "杭州示例机械有限公司", "jurisdiction": "cn",
            "currency": "CNY", "contact": contact}  # fmt: skip


def overdue_reminder(request_id: str) -> NotificationRequested:
    money = Money(amount=Decimal("12500.00"), currency="CNY")
    return NotificationRequested(
        event_id=uuid.uuid4(), occurred_at=MONDAY_TEN, aggregate_id=CUSTOMER,
        aggregate_version=1, correlation_id=uuid.uuid4(), producer="collections",
        request_id=request_id, customer_id=CUSTOMER, template="overdue_reminder_1",
        channels=("email",), total_outstanding=money,
        invoices=(InvoiceRef(invoice_id="inv-71", external_number="INV-2026-0071",
                             due_date=dt.date(2026, 10, 1), outstanding=money),),
    )  # fmt: skip


@dataclass
class World:
    settings: Settings
    redis: aioredis.Redis
    mailbox: Mailbox
    customers: httpx.AsyncClient  # as a collector

    async def publish(self, event: NotificationRequested) -> None:
        """Collections' way: an append (one stream per request here) that writes its outbox."""
        store = EventStore(self.redis, "collections", self.settings.partitions)
        ref = StreamRef("debtor", f"{CUSTOMER}/{event.request_id}", CUSTOMER)
        await store.append(AppendRequest(ref, 0, [event]))

    async def at(self, when: dt.datetime) -> None:
        await SimulatedClock(self.redis).set(when)

    async def only(self, kind: str) -> Event:
        [event] = await eventually(lambda: published(self.redis, kind))
        return event


@pytest.fixture
async def world(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[World]:
    await SimulatedClock(redis).set(MONDAY_TEN)
    internal = await keys_of(redis).rotate_internal()  # what notifications presents to customers
    config = settings.model_copy(update={"clock": "simulated", "internal_api_key": internal})
    registrar = await api_key(redis, "erp", Role.INTEGRATION)
    collector = await api_key(redis, "collector-qian", Role.COLLECTOR)
    with (
        smtp_server() as (mailbox, smtp_port),
        http_server(build_customers(config), lifespan="on") as customers_url,
    ):
        async with httpx.AsyncClient(base_url=customers_url) as client:
            answer = await client.post(
                "/customers", json=registration(), headers={"X-API-Key": registrar}
            )
            assert answer.status_code == 201, answer.text
            client.headers["X-API-Key"] = collector
            notifications = config.model_copy(update={
                "customers_url": customers_url, "smtp_host": "127.0.0.1", "smtp_port": smtp_port,
            })  # fmt: skip
            async with running(notifications, redis):
                yield World(notifications, redis, mailbox, client)


async def test_a_contact_who_asked_in_writing_to_cease_gets_no_overdue_reminder(
    world: World,
) -> None:
    letter = {"received_on": "2026-10-30", "source": "letter"}
    assert (await world.customers.post(f"{CONTACT}/cease-contact", json=letter)).status_code == 200

    await world.publish(overdue_reminder("req-ceased"))
    suppressed = await world.only("NotificationSuppressed")

    assert (suppressed.rule, suppressed.reason) == ("R4", "cease_contact")  # type: ignore[attr-defined]
    withdrawal = {"received_on": "2026-11-02", "source": "letter"}
    lifted = await world.customers.delete(f"{CONTACT}/cease-contact", params=withdrawal)
    assert lifted.status_code == 200
    await world.publish(overdue_reminder("req-after-withdrawal"))
    sent = await world.only("NotificationSent")
    assert sent.request_id == "req-after-withdrawal"  # type: ignore[attr-defined]
    assert len(world.mailbox.messages) == 1


async def test_a_reminder_due_in_an_inconvenient_slot_waits_until_the_slot_ends(
    world: World,
) -> None:
    mornings = {"start": "09:30", "end": "11:00", "weekdays": [0, 2], "channels": ["email"]}
    put = await world.customers.put(f"{CONTACT}/preferences", json={"inconvenient": [mornings]})
    assert put.status_code == 200, put.text

    await world.publish(overdue_reminder("req-in-slot"))
    deferred = await world.only("NotificationDeferred")

    slot_end = dt.datetime(2026, 11, 2, 11, 0, tzinfo=SHANGHAI)
    assert (deferred.rule, deferred.until) == ("R9", slot_end)  # type: ignore[attr-defined]
    await world.at(slot_end - dt.timedelta(seconds=1))
    await asyncio.sleep(0.5)  # several timer polls: nothing may be due yet
    assert world.mailbox.messages == []
    await world.at(slot_end)
    sent = await world.only("NotificationSent")
    assert sent.sent_at == slot_end  # type: ignore[attr-defined]
    assert len(world.mailbox.messages) == 1


async def test_a_channel_named_inconvenient_is_not_used(world: World) -> None:
    put = await world.customers.put(
        f"{CONTACT}/preferences", json={"inconvenient_channels": ["email"]}
    )
    assert put.status_code == 200, put.text

    await world.publish(overdue_reminder("req-by-email"))
    suppressed = await world.only("NotificationSuppressed")

    assert (suppressed.rule, suppressed.reason) == ("R9", "inconvenient_channel")  # type: ignore[attr-defined]
    await asyncio.sleep(0.3)  # the outcome is final: no mail follows
    assert world.mailbox.messages == []
    assert await published(world.redis, "NotificationSent") == []
