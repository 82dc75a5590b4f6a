"""A NotificationRequested on collections' outbound stream → a real e-mail, once, with evidence.

Real Redis (the session's), a real SMTP server (aiosmtpd) and a real HTTP customers API.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis.asyncio as aioredis
from prometheus_client import REGISTRY

from shared.contracts import Money, encode_event
from shared.contracts.notifications import InvoiceRef, NotificationRequested
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
    drained,
    eventually,
    logged,
    published,
    redis_bytes,
    running,
    service_logs,
    smtp_server,
)
from tests.unit.notifications.builders import EVERY_RULE

HISTORY = Path(__file__).resolve().parents[2] / "fixtures" / "history-main-f25142f.json"

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUSTOMER = "C-7001"
NAME, EMAIL, PHONE = "王小明", "wang.xiaoming@example.com", "+86 139 1234 5678"
INVOICE = "INV-2026-0042"


def contacts(**contact: Any) -> dict[str, Any]:
    person = {"contact_id": "ct-1", "name": NAME, "email": EMAIL, "phone": PHONE,
              "language": "zh-CN", "timezone": "Asia/Shanghai", "role": "debtor_staff",
              "consent": {"email": True, "sms": False}, "represented_by_lawyer": False}  # fmt: skip
    person.update(contact)
    return {"customer_id": CUSTOMER, "jurisdiction": "cn", "contacts": [person]}


def request(request_id: str = "req-42") -> NotificationRequested:
    money = Money(amount=Decimal("12345.50"), currency="CNY")
    return NotificationRequested(
        event_id=uuid.uuid4(), occurred_at=dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC),
        aggregate_id=CUSTOMER, aggregate_version=1, correlation_id=uuid.uuid4(),
        producer="collections", request_id=request_id, customer_id=CUSTOMER,
        template="overdue_reminder_1", channels=("email",),
        invoices=(InvoiceRef(invoice_id="inv-42", external_number=INVOICE,
                             due_date=dt.date(2026, 10, 1), outstanding=money),),
        total_outstanding=money,
    )  # fmt: skip


@dataclass
class World:
    settings: Settings
    redis: aioredis.Redis
    mailbox: Mailbox
    customers: CustomersApi

    async def publish(self, event: NotificationRequested) -> str:
        """Collections' own way: an append that also writes its outbound stream."""
        store = EventStore(self.redis, "collections", self.settings.partitions)
        await store.append(AppendRequest(StreamRef("debtor", CUSTOMER, CUSTOMER), 0, [event]))
        return keys.outbox(store.partition(StreamRef("debtor", CUSTOMER, CUSTOMER)), "collections")

    async def redeliver(self, event: NotificationRequested) -> str:
        """The same event once more on the same stream (an at-least-once redelivery)."""
        stream = keys.outbox(keys.partition_of(CUSTOMER, self.settings.partitions), "collections")
        await self.redis.xadd(stream, {"__data__": encode_event(event)})
        return stream

    async def set_clock(self, when: dt.datetime) -> None:
        await SimulatedClock(self.redis).set(when)


@pytest.fixture
def neighbours() -> Iterator[tuple[Mailbox, int, CustomersApi, str]]:
    api = CustomersApi({CUSTOMER: contacts()})
    with smtp_server() as (mailbox, smtp_port), customers_server(api) as url:
        yield mailbox, smtp_port, api, url


@pytest.fixture
async def world(
    settings: Settings, redis: aioredis.Redis, neighbours: tuple[Mailbox, int, CustomersApi, str]
) -> AsyncIterator[World]:
    mailbox, smtp_port, api, url = neighbours
    configured = settings.model_copy(update={
        "clock": "simulated", "customers_url": url, "internal_api_key": INTERNAL_KEY,
        "smtp_host": "127.0.0.1", "smtp_port": smtp_port,
    })  # fmt: skip
    world = World(configured, redis, mailbox, api)
    await world.set_clock(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    yield world


@pytest.fixture
async def app(world: World) -> AsyncIterator[Running]:
    async with running(world.settings, world.redis) as service:
        yield service


async def test_a_request_sends_exactly_one_email_with_the_invoice_and_records_it(
    world: World, app: Running
) -> None:
    await world.publish(request())

    [sent] = await eventually(lambda: published(world.redis, "NotificationSent"))
    [mail] = world.mailbox.messages
    assert world.mailbox.recipients == [EMAIL]
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert INVOICE in body and "CNY 12,345.50" in body and "退订" in body
    assert "来函" in str(mail["Subject"])  # neutral: no payment word on a lock screen
    assert sent.masked_address == "w***@example.com"  # type: ignore[attr-defined]
    assert sent.addressee_role == "debtor_staff"  # type: ignore[attr-defined]
    assert sent.provider_result == "accepted: Message accepted for delivery"  # type: ignore[attr-defined]
    assert [d.rule for d in sent.decisions] == EVERY_RULE  # type: ignore[attr-defined]
    assert sent.aggregate_id == "req-42" and sent.customer_id == CUSTOMER


async def test_the_same_request_delivered_again_sends_no_second_email(
    world: World, app: Running
) -> None:
    event = request()
    await world.publish(event)
    await eventually(lambda: published(world.redis, "NotificationSent"))

    stream = await world.redeliver(event)
    await eventually(lambda: drained(world.redis, stream))

    assert len(world.mailbox.messages) == 1
    assert len(await published(world.redis, "NotificationSent")) == 1
    assert world.customers.calls == 2  # the redelivery was really handled


async def test_an_opted_out_contact_is_suppressed_and_gets_no_email(
    world: World, app: Running
) -> None:
    world.customers.books[CUSTOMER] = contacts(consent={"email": False})
    stream = await world.publish(request())

    [suppressed] = await eventually(lambda: published(world.redis, "NotificationSuppressed"))
    await eventually(lambda: drained(world.redis, stream))
    assert (suppressed.rule, suppressed.reason) == ("R3", "opted_out")  # type: ignore[attr-defined]
    assert world.mailbox.messages == []
    assert await published(world.redis, "NotificationSent") == []


async def test_a_request_at_23_00_in_shanghai_is_deferred_and_sent_at_08_00(
    world: World, app: Running
) -> None:
    await world.set_clock(dt.datetime(2026, 11, 2, 23, 0, tzinfo=SHANGHAI))
    await world.publish(request())

    [deferred] = await eventually(lambda: published(world.redis, "NotificationDeferred"))
    morning = dt.datetime(2026, 11, 3, 8, 0, tzinfo=SHANGHAI)
    assert deferred.until == morning  # type: ignore[attr-defined]
    await world.set_clock(morning - dt.timedelta(seconds=1))
    await asyncio.sleep(0.5)  # ten timer polls: nothing may be due yet
    assert world.mailbox.messages == []

    await world.set_clock(morning)
    [sent] = await eventually(lambda: published(world.redis, "NotificationSent"))
    assert len(world.mailbox.messages) == 1
    assert sent.sent_at == morning  # type: ignore[attr-defined]


async def test_a_temporary_smtp_refusal_is_recorded_and_retried_a_minute_later(
    world: World, app: Running
) -> None:
    world.mailbox.refusals.append("451 4.3.0 Try again later")
    await world.publish(request())

    [failed] = await eventually(lambda: published(world.redis, "NotificationFailed"))
    assert failed.permanent is False  # type: ignore[attr-defined]
    assert failed.error == "ChannelError: SMTP 451"  # type: ignore[attr-defined]
    assert world.mailbox.messages == []

    await world.set_clock(failed.retry_at)  # type: ignore[attr-defined]
    await eventually(lambda: published(world.redis, "NotificationSent"))
    assert len(world.mailbox.messages) == 1


async def test_the_api_shows_decisions_and_verified_evidence_to_an_auditor(
    world: World, app: Running
) -> None:
    await world.publish(request())
    await eventually(lambda: published(world.redis, "NotificationSent"))

    response = await app.client.get("/notifications/req-42", headers=app.auditor)

    assert response.status_code == 200
    view = response.json()
    assert view["customer_id"] == CUSTOMER and view["verified"] is True
    [delivery] = view["deliveries"]
    assert (delivery["channel"], delivery["status"]) == ("email", "sent")
    assert [e["event"]["type"] for e in view["evidence"]] == [
        "NotificationAccepted", "NotificationAllowed", "NotificationSent",
    ]  # fmt: skip
    assert NAME not in response.text and EMAIL not in response.text


async def test_the_api_needs_a_key_and_answers_404_for_an_unknown_request(
    world: World, app: Running
) -> None:
    assert (await app.client.get("/notifications/nope")).status_code == 401
    missing = await app.client.get("/notifications/nope", headers=app.auditor)
    assert missing.status_code == 404


async def test_no_name_email_or_phone_of_the_contact_is_left_in_redis_or_the_logs(
    world: World, app: Running
) -> None:
    with service_logs() as lines:
        await world.publish(request())
        await eventually(lambda: published(world.redis, "NotificationSent"))
        # "notification_sent" is logged once NotificationSent is stored, so it may come
        # a moment after it: the capture stays open until it has.
        await eventually(lambda: logged(lines, "notification_sent"))

    dump = await redis_bytes(world.redis)
    logs = lines.getvalue()
    assert "notification_sent" in logs and "w***@example.com" in logs
    for secret in (NAME, EMAIL, PHONE, "wang.xiaoming"):
        assert secret.encode() not in dump
        assert json.dumps(secret).encode() not in dump  # \\u-escaped JSON too
        assert secret not in logs and json.dumps(secret) not in logs


async def test_an_old_private_collections_entry_on_the_outbound_stream_is_skipped_not_dead_lettered(
    world: World, app: Running
) -> None:
    """Until 2026-11 collections published its private history too: a deployment's outbound
    stream still holds such entries. They are counted and acknowledged; the DLQ stays empty."""
    stream = keys.outbox(keys.partition_of(CUSTOMER, world.settings.partitions), "collections")
    before = skipped("DebtorInvoiceTracked")
    await world.redis.xadd(stream, {"__data__": old_private_entry("DebtorInvoiceTracked")})
    await world.publish(request())

    await eventually(lambda: published(world.redis, "NotificationSent"))
    await eventually(lambda: drained(world.redis, stream))
    assert skipped("DebtorInvoiceTracked") == before + 1
    assert await world.redis.xlen(keys.dead_letter("notifications")) == 0


def old_private_entry(kind: str) -> bytes:
    """An entry of ``kind`` exactly as main (f25142f) stored and published it."""
    history = json.loads(HISTORY.read_text())
    entries = (e["data"] for s in history["streams"] for e in s["entries"])
    return next(e for e in entries if json.loads(e)["type"] == kind).encode()


def skipped(kind: str) -> float:
    labels = {"service": "notifications", "type": kind}
    return REGISTRY.get_sample_value("huikuan_retired_events_skipped_total", labels) or 0.0
