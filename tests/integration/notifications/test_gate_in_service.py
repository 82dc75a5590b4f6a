"""The gate inside the running service: real Redis, SMTP and customers API, simulated clock.

A reminder due on 国庆节 waits for the first working morning and then goes; the send-history
projection (fed from NotificationSent) spaces a second dunning message two days after the
first; no event ever carries the contact's name, e-mail or phone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis.asyncio as aioredis

from services.notifications.adapters.history import RedisSendHistory
from shared.contracts import Money, encode_event
from shared.contracts.notifications import InvoiceRef, NotificationRequested
from shared.infra.clock import SimulatedClock
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.infra.settings import Settings
from tests.integration.notifications.harness import (
    INTERNAL_KEY,
    CustomersApi,
    Mailbox,
    Running,
    customers_server,
    eventually,
    published,
    running,
    smtp_server,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUSTOMER = "C-8001"
NAME, EMAIL, PHONE = "赵晓燕", "zhao.xiaoyan@example.com", "+86 137 0000 1111"


def book(**contact: Any) -> dict[str, Any]:
    person = {"contact_id": "ct-1", "name": NAME, "email": EMAIL, "phone": PHONE,
              "language": "zh-CN", "timezone": "Asia/Shanghai", "role": "debtor_staff",
              "consent": {"email": True}, "represented_by_lawyer": False, **contact}  # fmt: skip
    return {"customer_id": CUSTOMER, "jurisdiction": "cn", "contacts": [person]}


def request(request_id: str, template: str = "overdue_reminder_1") -> NotificationRequested:
    money = Money(amount=Decimal("5000.00"), currency="CNY")
    return NotificationRequested(
        event_id=uuid.uuid4(), occurred_at=dt.datetime(2026, 9, 30, 2, 0, tzinfo=dt.UTC),
        aggregate_id=CUSTOMER, aggregate_version=1, correlation_id=uuid.uuid4(),
        producer="collections", request_id=request_id, customer_id=CUSTOMER, template=template,
        channels=("email",), total_outstanding=money,
        invoices=(InvoiceRef(invoice_id="inv-1", external_number="INV-2026-0777",
                             due_date=dt.date(2026, 9, 1), outstanding=money),),
    )  # fmt: skip


class World:
    def __init__(self, settings: Settings, redis: aioredis.Redis, mailbox: Mailbox) -> None:
        self.settings, self.redis, self.mailbox = settings, redis, mailbox

    async def publish(self, event: NotificationRequested) -> None:
        """Collections' way: an append (one stream per request here) that writes its outbox."""
        store = EventStore(self.redis, "collections", self.settings.partitions)
        ref = StreamRef("debtor", event.request_id, CUSTOMER)
        await store.append(AppendRequest(ref, 0, [event]))

    async def at(self, when: dt.datetime) -> None:
        await SimulatedClock(self.redis).set(when)


@pytest.fixture
def neighbours() -> Iterator[tuple[Mailbox, int, CustomersApi, str]]:
    api = CustomersApi({CUSTOMER: book()})
    with smtp_server() as (mailbox, port), customers_server(api) as url:
        yield mailbox, port, api, url


@pytest.fixture
async def world(
    settings: Settings, redis: aioredis.Redis, neighbours: tuple[Mailbox, int, CustomersApi, str]
) -> AsyncIterator[World]:
    mailbox, port, _, url = neighbours
    configured = settings.model_copy(update={
        "clock": "simulated", "customers_url": url, "internal_api_key": INTERNAL_KEY,
        "smtp_host": "127.0.0.1", "smtp_port": port,
    })  # fmt: skip
    yield World(configured, redis, mailbox)


@pytest.fixture
async def app(world: World) -> AsyncIterator[Running]:
    await world.at(dt.datetime(2026, 10, 1, 10, 0, tzinfo=SHANGHAI))
    async with running(world.settings, world.redis) as service:
        yield service


async def test_a_reminder_due_on_national_day_is_deferred_then_sent_on_the_first_working_morning(
    world: World, app: Running
) -> None:
    await world.publish(request("req-national-day"))

    [deferred] = await eventually(lambda: published(world.redis, "NotificationDeferred"))
    morning = dt.datetime(2026, 10, 8, 8, 0, tzinfo=SHANGHAI)
    assert (deferred.rule, deferred.until) == ("T2", morning)  # type: ignore[attr-defined]
    await world.at(morning - dt.timedelta(seconds=1))
    await asyncio.sleep(0.5)  # two timer polls: nothing may be due yet
    assert world.mailbox.messages == []

    await world.at(morning)
    [sent] = await eventually(lambda: published(world.redis, "NotificationSent"))
    assert sent.sent_at == morning  # type: ignore[attr-defined]
    assert len(world.mailbox.messages) == 1


async def test_the_send_history_spaces_a_second_dunning_message_two_days_after_the_first(
    world: World, app: Running
) -> None:
    first_at = dt.datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI)
    await world.at(first_at)
    await world.publish(request("req-first"))
    await eventually(lambda: published(world.redis, "NotificationSent"))
    history = RedisSendHistory(world.redis, world.settings.partitions)
    await eventually(lambda: _recorded(history))

    await world.at(first_at + dt.timedelta(days=1))
    await world.publish(request("req-second", "overdue_reminder_2"))
    [deferred] = await eventually(lambda: published(world.redis, "NotificationDeferred"))
    assert (deferred.rule, deferred.until) == ("T4", first_at + dt.timedelta(days=2))  # type: ignore[attr-defined]

    await world.at(first_at + dt.timedelta(days=2))
    await eventually(lambda: _sent_count(world, 2))
    assert len(world.mailbox.messages) == 2


async def test_no_notification_event_carries_the_contacts_name_email_or_phone(
    world: World, app: Running, neighbours: tuple[Mailbox, int, CustomersApi, str]
) -> None:
    await world.at(dt.datetime(2026, 10, 12, 23, 0, tzinfo=SHANGHAI))  # deferred
    await world.publish(request("req-night"))
    await eventually(lambda: published(world.redis, "NotificationDeferred"))
    neighbours[2].books[CUSTOMER] = book(consent={"email": False})  # suppressed
    await world.publish(request("req-opted-out"))
    await eventually(lambda: published(world.redis, "NotificationSuppressed"))
    neighbours[2].books[CUSTOMER] = book()
    await world.at(dt.datetime(2026, 10, 13, 8, 0, tzinfo=SHANGHAI))  # sent
    await eventually(lambda: published(world.redis, "NotificationSent"))

    events = [e for kind in ("NotificationDeferred", "NotificationSuppressed", "NotificationSent")
              for e in await published(world.redis, kind)]  # fmt: skip
    assert len(events) == 3
    for event in events:
        text = encode_event(event).decode()
        for secret in (NAME, EMAIL, PHONE, "zhao.xiaoyan", json.dumps(NAME)[1:-1]):
            assert secret not in text


async def _recorded(history: RedisSendHistory) -> bool:
    return bool((await history.history_of(CUSTOMER)).records)


async def _sent_count(world: World, count: int) -> bool:
    return len(await published(world.redis, "NotificationSent")) >= count
