"""``huikuan demo``: one debtor through the slice, on the simulated clock.

It talks to the running services the way their users do: the admin APIs over HTTP, the
invoice the way an ERP sends it (plain JSON ``XADD`` to the ingest stream), and it
follows notifications' outbound streams the way an ERP follows events. Every wait has
a deadline and says what it was waiting for when it gives up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import redis.asyncio as aioredis

from shared.contracts import parse_event
from shared.infra import connection, keys, redis_types
from shared.infra.api_keys import KeyBook, Role
from shared.infra.settings import SERVICE_PORTS, Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
WAIT_SECONDS = 30.0
DEMO_ADMIN = "demo-admin"


class DemoFailed(RuntimeError):
    """A step of the demo did not happen in time; the message names the step."""


@dataclass
class Demo:
    urls: dict[str, str]
    http: httpx.AsyncClient
    redis: aioredis.Redis
    say: Callable[[str], None]
    grace_days: int
    partitions: int = 4

    async def call(self, method: str, service: str, path: str, **kw: Any) -> Any:
        answer = await self.http.request(method, self.urls[service] + path, **kw)
        if answer.status_code >= 400:
            raise DemoFailed(f"{method} {service}{path} → {answer.status_code} {answer.text}")
        return answer.json()

    async def now(self) -> dt.datetime:
        body = await self.call("GET", "invoicing", "/admin/clock")
        if body["kind"] != "SimulatedClock":
            raise DemoFailed("the services run on the system clock; the demo needs simulated")
        return dt.datetime.fromisoformat(body["now"])

    async def advance_to(self, moment: dt.datetime) -> dt.datetime:
        minutes = int((moment - await self.now()).total_seconds() // 60) + 1
        body = await self.call(
            "POST", "invoicing", "/admin/clock/advance", json={"minutes": minutes}
        )
        now = dt.datetime.fromisoformat(body["now"])
        self.say(f"clock → {now.astimezone(SHANGHAI):%Y-%m-%d %H:%M} Asia/Shanghai")
        return now

    async def debtor(self, customer_id: str) -> dict[str, Any] | None:
        answer = await self.http.get(f"{self.urls['collections']}/debtors/{customer_id}")
        return answer.json() if answer.status_code == 200 else None

    async def until(self, what: str, probe: Callable[[], Awaitable[Any]]) -> Any:
        """Poll ``probe`` until it answers something truthy, at most ``WAIT_SECONDS``."""
        deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
        while asyncio.get_running_loop().time() < deadline:
            try:
                if found := await probe():
                    return found
            except httpx.TransportError:
                pass  # a service still starting (or restarting) is not an answer yet
            await asyncio.sleep(0.2)
        raise DemoFailed(f"gave up waiting for: {what}")

    async def debtor_in(self, customer_id: str, states: set[str]) -> dict[str, Any] | None:
        view = await self.debtor(customer_id)
        return view if view and view["state"] in states else None

    async def notification_outcome(self, customer_id: str) -> list[Any]:
        """Every NotificationSent/Suppressed/Deferred for ``customer_id`` on notifications'
        streams."""
        partition = keys.partition_of(customer_id, self.partitions)
        found = []
        for _id, fields in await redis_types.xrange(
            self.redis, keys.outbox(partition, "notifications")
        ):
            evt = parse_event(fields[b"__data__"])
            kinds = ("NotificationSent", "NotificationSuppressed", "NotificationDeferred")
            if evt.type in kinds and getattr(evt, "customer_id", None) == customer_id:
                found.append(evt)
        return found


def _registration(customer_id: str) -> dict[str, Any]:
    contact = {
        "name": "Demo Contact", "email": "ap@demo-buyer.example", "language": "zh-CN",
        "timezone": "Asia/Shanghai", "role": "debtor_staff",
        "consent": {"email": True, "sms": False},
    }  # fmt: skip
    return {
        "customer_id": customer_id, "legal_name": "Demo Buyer Co., Ltd.",
        "jurisdiction": "cn", "currency": "CNY", "contact": contact,
    }  # fmt: skip


async def walk(demo: Demo) -> dict[str, Any]:
    """Register → issue → let the due date pass → reminder → payment → current."""
    suffix = secrets.token_hex(3).upper()
    customer_id, number = f"DEMO-{suffix}", f"INV-DEMO-{suffix}"
    today = (await demo.now()).astimezone(SHANGHAI).date()
    due = today + dt.timedelta(days=10)

    await demo.call("POST", "customers", "/customers", json=_registration(customer_id))
    demo.say(f"registered customer {customer_id} (contact details stay in customers)")
    command = {
        "type": "IssueInvoice", "external_number": number, "customer_id": customer_id,
        "amount": {"amount": "12000.00", "currency": "CNY"},
        "issue_date": today.isoformat(), "due_date": due.isoformat(),
    }  # fmt: skip
    await demo.redis.xadd(keys.ingest("invoices"), {"__data__": json.dumps(command)})
    demo.say(
        f"ERP wrote IssueInvoice {number}, CNY 12000.00, due {due} to {keys.ingest('invoices')}"
    )
    await demo.until(
        "the debtor to track the invoice", lambda: demo.debtor_in(customer_id, {"current"})
    )

    missed_at = dt.datetime.combine(
        due + dt.timedelta(days=demo.grace_days + 1), dt.time(9), SHANGHAI
    )
    demo.say(f"letting the due date and {demo.grace_days} days' grace pass…")
    await demo.advance_to(missed_at)
    view = await demo.until("PaymentMissed to make the debtor overdue",
                            lambda: demo.debtor_in(customer_id, {"overdue"}))  # fmt: skip
    demo.say(f"debtor is {view['state']} (level {view['level']})")

    async def both_channels() -> list[Any]:
        found = await demo.notification_outcome(customer_id)
        final = [e for e in found if e.type != "NotificationDeferred"]
        if {e.channel for e in final} >= {"email", "log"}:
            return final
        waits = [e for e in found if e.type == "NotificationDeferred"]
        latest = max(waits, key=lambda e: e.until) if waits else None
        if latest is not None and latest.until > await demo.now():  # a weekend or holiday (T2)
            demo.say(f"notifications: deferred by {latest.rule} until {latest.until}")
            await demo.advance_to(latest.until)
        return []

    for evt in await demo.until("the reminder's outcome on e-mail and log", both_channels):
        where = getattr(evt, "masked_address", "") or getattr(evt, "rule", "")
        demo.say(f"notifications: {evt.type} on {evt.channel} {where}")

    paid_on = (await demo.now()).astimezone(SHANGHAI).date()
    payment = {"payment_id": f"BANK-{suffix}", "amount": {"amount": "12000.00", "currency": "CNY"},
               "value_date": paid_on.isoformat()}  # fmt: skip
    await demo.call("POST", "invoicing", f"/invoices/{number}/payments", json=payment)
    demo.say(f"payment BANK-{suffix} of CNY 12000.00 recorded")
    view = await demo.until("the debtor to return to current",
                            lambda: demo.debtor_in(customer_id, {"current"}))  # fmt: skip
    return dict(view)


def print_timeline(view: dict[str, Any], say: Callable[[str], None]) -> None:
    say(f"\ntimeline of debtor {view['customer_id']} (now {view['state']}):")
    for entry in view["timeline"]:
        at = dt.datetime.fromisoformat(entry["occurred_at"]).astimezone(SHANGHAI)
        say(f"  v{entry['version']:<3} {at:%Y-%m-%d %H:%M}  {entry['type']:<24} {entry['summary']}")


def run_demo(
    urls: dict[str, str], admin_key: str, settings: Settings, say: Callable[[str], None] = print
) -> dict[str, Any]:
    """Drive the slice against running services; return the debtor's final view."""

    async def go() -> dict[str, Any]:
        redis = connection.async_client(settings.redis_connection_url())
        headers = {"X-API-Key": admin_key}
        async with httpx.AsyncClient(headers=headers, timeout=10) as http:
            try:
                demo = Demo(urls, http, redis, say, settings.grace_days, settings.partitions)
                view = await walk(demo)
            finally:
                await redis.aclose()
        print_timeline(view, say)
        return view

    view: dict[str, Any] = asyncio.run(go())
    return view


def run_demo_against(settings: Settings, say: Callable[[str], None] = print) -> dict[str, Any]:
    """The demo on a system already running on the documented ports (``--running``), with
    an admin key made for it and revoked afterwards."""
    from tooling.connect import with_keys

    async def make(book: KeyBook) -> str:
        return await book.replace(DEMO_ADMIN, Role.ADMIN)

    async def revoke(book: KeyBook) -> bool:
        return await book.revoke(key)

    key = with_keys(settings, make)
    try:
        urls = {s: f"http://127.0.0.1:{port}" for s, port in SERVICE_PORTS.items()}
        return run_demo(urls, key, settings, say)
    finally:
        with_keys(settings, revoke)
