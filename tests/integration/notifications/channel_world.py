"""The notifications service in-process with every far side real: SMTP, an SMS provider,
a webhook receiver, the customers API (contacts and consent), Redis; a simulated clock."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis.asyncio as aioredis

from shared.contracts import Money
from shared.contracts.notifications import Channel, InvoiceRef, NotificationRequested
from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.infra.settings import Settings
from tests.integration.notifications.harness import (
    INTERNAL_KEY,
    CustomersApi,
    Mailbox,
    Running,
    customers_server,
    http_server,
    running,
    smtp_server,
)
from tests.integration.notifications.providers import (
    INBOUND_SECRET,
    SMS_TOKEN,
    WEBHOOK_SECRET,
    SmsProvider,
    WebhookReceiver,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUSTOMER = "C-8001"
NAME, EMAIL, PHONE = "赵敏华", "zhao.minhua@example.com", "+86 137 0000 1234"
INVOICE = "INV-2026-0777"


def contact_book(**contact: Any) -> dict[str, Any]:
    person = {"contact_id": "ct-1", "name": NAME, "email": EMAIL, "phone": PHONE,
              "language": "zh-CN", "timezone": "Asia/Shanghai", "role": "debtor_staff",
              "consent": {"email": True, "sms": True}, "represented_by_lawyer": False}  # fmt: skip
    person.update(contact)
    return {"customer_id": CUSTOMER, "jurisdiction": "cn", "contacts": [person]}


def request(
    request_id: str, channels: tuple[Channel, ...], template: str = "overdue_reminder_1"
) -> NotificationRequested:
    money = Money(amount=Decimal("8800.00"), currency="CNY")
    return NotificationRequested(
        event_id=uuid.uuid4(), occurred_at=dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC),
        aggregate_id=CUSTOMER, aggregate_version=1, correlation_id=uuid.uuid4(),
        producer="collections", request_id=request_id, customer_id=CUSTOMER,
        template=template, channels=channels, formal_demand=template == "demand_letter",
        invoices=(InvoiceRef(invoice_id="inv-777", external_number=INVOICE,
                             due_date=dt.date(2026, 10, 1), outstanding=money),),
        total_outstanding=money,
    )  # fmt: skip


async def publish(settings: Settings, redis: aioredis.Redis, event: NotificationRequested) -> None:
    """Collections' own way: an append that also writes its outbound stream."""
    store = EventStore(redis, "collections", settings.partitions)
    # One source stream per request (same partition): no versions to track here.
    ref = StreamRef("debtor", f"{CUSTOMER}/{event.request_id}", CUSTOMER)
    await store.append(AppendRequest(ref, 0, [event]))


@dataclass
class FarSide:
    mailbox: Mailbox
    smtp_port: int
    sms: SmsProvider
    sms_url: str
    hook: WebhookReceiver
    hook_url: str
    customers: CustomersApi
    customers_url: str


@dataclass
class World:
    settings: Settings
    redis: aioredis.Redis
    far: FarSide
    app: Running
    letters: Path

    async def publish(self, event: NotificationRequested) -> None:
        await publish(self.settings, self.redis, event)

    async def set_clock(self, when: dt.datetime) -> None:
        await SimulatedClock(self.redis).set(when)

    def outbox(self) -> str:
        return keys.outbox(keys.partition_of(CUSTOMER, self.settings.partitions), "collections")


@pytest.fixture
def far_side() -> Iterator[FarSide]:
    sms, hook, customers = (
        SmsProvider(),
        WebhookReceiver(),
        CustomersApi({CUSTOMER: contact_book()}),
    )
    with (
        smtp_server() as (mailbox, smtp_port), http_server(sms.app()) as sms_url,
        http_server(hook.app()) as hook_url, customers_server(customers) as customers_url,
    ):  # fmt: skip
        yield FarSide(mailbox, smtp_port, sms, sms_url, hook, hook_url, customers, customers_url)


def configured(settings: Settings, far: FarSide, var_dir: Path) -> Settings:
    """Every channel on, pointed at the far side."""
    return settings.model_copy(update={
        "clock": "simulated", "customers_url": far.customers_url,
        "internal_api_key": INTERNAL_KEY, "smtp_host": "127.0.0.1", "smtp_port": far.smtp_port,
        "sms_enabled": True, "sms_url": f"{far.sms_url}/sms", "sms_api_key": SMS_TOKEN,
        "sms_inbound_secret": INBOUND_SECRET, "webhook_enabled": True,
        "webhook_url": f"{far.hook_url}/hook", "webhook_secret": WEBHOOK_SECRET,
        "letter_enabled": True, "notifications_var_dir": str(var_dir),
        "notifications_public_url": "https://huikuan.example",
    })  # fmt: skip


@pytest.fixture
async def world(
    settings: Settings, redis: aioredis.Redis, far_side: FarSide, tmp_path: Path
) -> AsyncIterator[World]:
    config = configured(settings, far_side, tmp_path)
    await SimulatedClock(redis).set(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    async with running(config, redis) as app:
        yield World(config, redis, far_side, app, tmp_path / "letters")
