"""Messages are true when they are sent: deferred ones are re-checked against collections.

The real customers and collections apps are served over HTTP (uvicorn, their own start-up),
the real notifications app runs in-process, all against the session's Redis, with a real
SMTP server and the simulated clock. Invoicing's facts are published as invoicing does.
At 23:00 in Shanghai every message is deferred to 08:00; what happens overnight decides
what goes out in the morning:

- a partial payment: the overdue reminder states today's outstanding amount;
- a promise, then a payment plan replacing it: the promise confirmation and the reminder
  are suppressed (``superseded``), the plan's schedule goes out with its own total;
- 45 days past due, supply is halted at night; paid in full overnight, supply resumes:
  the supply-halt notice is suppressed (``superseded``: supply was resumed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import redis.asyncio as aioredis

from services.collections.app import build as build_collections
from services.customers.app import build as build_customers
from shared.contracts import Event
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.collections.harness import Upstream
from tests.integration.collections.harness import published as collections_published
from tests.integration.notifications.harness import (
    Mailbox,
    eventually,
    http_server,
    published,
    running,
    smtp_server,
)
from tests.support.apps import api_key, keys_of
from tests.unit.collections.given import Invoices

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = dt.datetime(2026, 12, 7, 23, 0, tzinfo=SHANGHAI)  # Monday
MORNING = dt.datetime(2026, 12, 8, 8, 0, tzinfo=SHANGHAI)
CUSTOMER = "C-7301"
EMAIL = "zhou.min@example.cn"


def registration() -> dict[str, Any]:
    contact = {"name": "周敏", "email": EMAIL, "language": "zh-CN", "timezone": "Asia/Shanghai",
               "role": "debtor_staff", "consent": {"email": True, "sms": False}}  # fmt: skip
    return {"customer_id": CUSTOMER, "legal_name": "宁波示例五金有限公司", "jurisdiction": "cn",
            "currency": "CNY", "contact": contact}  # fmt: skip


@dataclass
class World:
    redis: aioredis.Redis
    mailbox: Mailbox
    collections: httpx.AsyncClient  # as a collector
    upstream: Upstream
    invoices: Invoices

    async def events(self, kind: str, template: str | None = None) -> list[Event]:
        found = await published(self.redis, kind)
        if template is None:
            return found
        ids = {e.request_id for e in await self.requested(template)}  # type: ignore[attr-defined]
        return [e for e in found if e.request_id in ids]  # type: ignore[attr-defined]

    async def emailed(self, kind: str) -> list[Event]:
        """Outcomes of ``kind`` on the e-mail channel (the log channel echoes each request)."""
        return [e for e in await self.events(kind) if e.channel == "email"]  # type: ignore[attr-defined]

    async def requested(self, template: str) -> list[Event]:
        out = await self.upstream_events("NotificationRequested")
        return [e for e in out if e.template == template]  # type: ignore[attr-defined]

    async def upstream_events(self, kind: str) -> list[Event]:
        return await collections_published(self.redis, kind)

    async def deferred(self, template: str) -> None:
        await eventually(lambda: self.events("NotificationDeferred", template), timeout=60)

    def bodies(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.mailbox.messages]  # type: ignore[union-attr]


@pytest.fixture
async def world(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[World]:
    async with world_at(settings, redis, NIGHT, "overdue_reminder_1") as started:
        yield started


@asynccontextmanager
async def world_at(
    settings: Settings, redis: aioredis.Redis, night: dt.datetime, first: str
) -> AsyncIterator[World]:
    """The three apps on the clock at ``night``, and an invoice of CNY 12,000 due on
    30 November and missed; ``first`` is the message collections asks for first."""
    await SimulatedClock(redis).set(night)
    internal = await keys_of(redis).rotate_internal()
    config = settings.model_copy(update={"clock": "simulated", "internal_api_key": internal})
    registrar = await api_key(redis, "erp", Role.INTEGRATION)
    collector = await api_key(redis, "collector-zhou", Role.COLLECTOR)
    with (
        smtp_server() as (mailbox, smtp_port),
        http_server(build_customers(config), lifespan="on") as customers_url,
        http_server(build_collections(config), lifespan="on") as collections_url,
    ):
        async with httpx.AsyncClient(base_url=customers_url) as customers:
            answer = await customers.post("/customers", json=registration(),
                                          headers={"X-API-Key": registrar})  # fmt: skip
            assert answer.status_code == 201, answer.text
        notifications = config.model_copy(update={
            "customers_url": customers_url, "collections_url": collections_url,
            "smtp_host": "127.0.0.1", "smtp_port": smtp_port,
        })  # fmt: skip
        async with (
            httpx.AsyncClient(base_url=collections_url, headers={"X-API-Key": collector},
                              timeout=30) as collections,
            running(notifications, redis),
        ):  # fmt: skip
            world = World(redis, mailbox, collections, Upstream(redis, settings.partitions),
                          Invoices(CUSTOMER))  # fmt: skip
            await world.upstream.publish(world.invoices.issue("INV-73", "12000.00"),
                                         world.invoices.miss("INV-73"))  # fmt: skip
            await world.deferred(first)
            yield world


async def test_a_reminder_deferred_overnight_states_the_amount_left_after_a_payment(
    world: World, redis: aioredis.Redis
) -> None:
    await world.upstream.publish(*world.invoices.pay("INV-73", "4500.00"))
    await eventually(lambda: _applied(world), timeout=60)
    await SimulatedClock(redis).set(MORNING)

    [sent] = await eventually(lambda: world.emailed("NotificationSent"), timeout=60)
    [body] = world.bodies()
    assert "CNY 7,500.00" in body and "12,000.00" not in body
    [refreshed] = await world.events("NotificationRefreshed")
    assert refreshed.total_outstanding.amount == 7500  # type: ignore[attr-defined]
    assert sent.request_id == refreshed.request_id  # type: ignore[attr-defined]


async def _applied(world: World) -> bool:
    answer = await world.collections.get(f"/debtors/{CUSTOMER}")
    lines = answer.json().get("invoices", []) if answer.status_code == 200 else []
    return any(line["outstanding"] == {"amount": "7500.00", "currency": "CNY"} for line in lines)


async def test_a_promise_replaced_overnight_by_a_plan_is_not_confirmed_and_the_plan_is(
    world: World, redis: aioredis.Redis
) -> None:
    promise = {"promise_id": "P-73", "amount": {"amount": "12000.00", "currency": "CNY"},
               "due_on": "2026-12-11", "channel": "phone"}  # fmt: skip
    made = await world.collections.post(f"/debtors/{CUSTOMER}/promises", json=promise)
    assert made.status_code == 201, made.text
    await world.deferred("promise_confirmation")
    schedule_days = (("2026-12-15", "5000.00"), ("2026-12-31", "7000.00"))
    instalments = [{"due_on": day, "amount": {"amount": amount, "currency": "CNY"}}
                   for day, amount in schedule_days]  # fmt: skip
    plan = {"plan_id": "PL-73", "instalments": instalments}
    agreed = await world.collections.post(f"/debtors/{CUSTOMER}/plans", json=plan)
    assert agreed.status_code == 201, agreed.text
    await world.deferred("payment_plan_schedule")
    await SimulatedClock(redis).set(MORNING)

    [sent] = await eventually(lambda: world.emailed("NotificationSent"), timeout=60)
    [schedule] = await world.requested("payment_plan_schedule")
    assert sent.request_id == schedule.request_id  # type: ignore[attr-defined]
    suppressed = await eventually(
        lambda: _all_of(world.emailed("NotificationSuppressed"), 2), timeout=60
    )
    why = {(e.reason, e.decisions[0].detail) for e in suppressed}  # type: ignore[attr-defined]
    assert why == {
        ("superseded", "the promise is no longer pending"),
        ("superseded", "a promise or a payment plan now holds dunning"),
    }
    [body] = world.bodies()
    assert "计划合计：CNY 12,000.00" in body
    assert len(world.mailbox.messages) == 1


async def _all_of(found: Any, count: int) -> list[Event]:
    events: list[Event] = await found
    return events if len(events) >= count else []


HALT_NIGHT = dt.datetime(2027, 1, 14, 23, 0, tzinfo=SHANGHAI)  # 45 days past due, Thursday
HALT_MORNING = dt.datetime(2027, 1, 15, 8, 0, tzinfo=SHANGHAI)


async def test_a_supply_halt_notice_deferred_past_a_payment_in_full_is_not_sent(
    settings: Settings, redis: aioredis.Redis
) -> None:
    async with world_at(settings, redis, HALT_NIGHT, "supply_halt_notice") as world:
        await world.upstream.publish(*world.invoices.pay("INV-73", "12000.00"))
        await eventually(lambda: world.upstream_events("SupplyResumed"), timeout=60)
        await SimulatedClock(redis).set(HALT_MORNING)
        notices = await eventually(
            lambda: world.events("NotificationSuppressed", "supply_halt_notice"), timeout=60
        )

    by_email = [e for e in notices if e.channel == "email"]  # type: ignore[attr-defined]
    [suppressed] = by_email
    assert (suppressed.rule, suppressed.reason) == ("superseded", "superseded")  # type: ignore[attr-defined]
    assert suppressed.decisions[0].detail == "supply was resumed"  # type: ignore[attr-defined]
    assert await world.emailed("NotificationSent") == []
    assert world.mailbox.messages == []
