"""The whole system plus the console, seeded with three overdue debtors, and console users.

Seeding is done the way the system's users do it: customers registered over the
customers API, invoices written by an "ERP" to the ingest stream, due dates already past
so invoicing reports them missed and collections ranks the debtors.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import redis

from services.console.app import build_console
from services.console.settings import ConsoleSettings
from shared.infra import keys
from tests.e2e.conftest import System, running_system
from tests.support.redis_server import RedisServer, free_port

SECRET = "e2e-console-secret-" + "7" * 32
# Overdue amounts, largest first: with nothing else to tell them apart, the worklist ranks
# the debtors in this order.
DEBTORS = (("CON-ALPHA", "30000.00"), ("CON-BRAVO", "20000.00"), ("CON-CHARLIE", "10000.00"))
# Overdue long enough for the formal-demand level, whose policy raises a call task; ranked last.
TASKED = ("CON-DELTA", "3000.00", 35)
CONTACT_EMAIL = "ap.{}@buyer.example"
CONTACT_PHONE = "+861380013800{:d}"
NEW_PASSWORD = "correct horse battery staple"


@dataclass
class ConsoleSystem:
    system: System
    settings: ConsoleSettings
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.system.processes.url("console")

    def admin_api(self) -> httpx.Client:
        return httpx.Client(headers={"X-API-Key": self.system.admin_key}, timeout=10)


def contact_email(customer_id: str) -> str:
    return CONTACT_EMAIL.format(customer_id.lower())


def until(what: str, probe: Callable[[], Any], seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := probe():
            return found
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture(scope="module")
def console_system(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConsoleSystem]:
    var = tmp_path_factory.mktemp("console-var")
    env = {
        "HUIKUAN_CONSOLE_SECRET": SECRET,
        "HUIKUAN_CONSOLE_VAR_DIR": str(var),
        # The console answers plain HTTP on loopback here; behind TLS it keeps ``Secure``.
        "HUIKUAN_CONSOLE_SECURE_COOKIES": "false",
    }
    with running_system(redis_server, tmp_path_factory, {"console": free_port()}, env) as system:
        settings = ConsoleSettings(
            redis_url=system.redis_url, environment="test", console_secret=SECRET,
            console_var_dir=str(var), **{f"{s}_url": u for s, u in system.urls().items()},
        )  # fmt: skip
        seeded = ConsoleSystem(system, settings)
        _seed(seeded)
        for username, role in (("chen", "collector"), ("audra", "auditor"), ("root", "admin")):
            seeded.passwords[username] = asyncio.run(_account(settings, username, role))
        yield seeded


async def _account(settings: ConsoleSettings, username: str, role: str) -> str:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(settings.redis_url)
    try:
        console = build_console(settings, client)
        _, password = await console.accounts.create(username, role, "zh-CN")  # type: ignore[arg-type]
        return password
    finally:
        await client.aclose()


def _seed(cs: ConsoleSystem) -> None:
    urls = cs.system.urls()
    with cs.admin_api() as api:
        now = dt.datetime.fromisoformat(api.get(f"{urls['invoicing']}/admin/clock").json()["now"])
        due = now.date() - dt.timedelta(days=20)
        erp = redis.Redis.from_url(cs.system.redis_url)
        seeds = [(c, a, due) for c, a in DEBTORS]
        seeds.append((TASKED[0], TASKED[1], now.date() - dt.timedelta(days=TASKED[2])))
        for n, (customer_id, amount, due_on) in enumerate(seeds):
            answer = api.post(f"{urls['customers']}/customers", json=_registration(customer_id, n))
            assert answer.status_code in (200, 201), answer.text
            command = {"type": "IssueInvoice", "external_number": f"INV-{customer_id}",
                       "customer_id": customer_id, "amount": {"amount": amount, "currency": "CNY"},
                       "issue_date": (due_on - dt.timedelta(days=30)).isoformat(),
                       "due_date": due_on.isoformat()}  # fmt: skip
            erp.xadd(keys.ingest("invoices"), {"__data__": json.dumps(command)})
        erp.close()

        def all_ranked() -> bool:
            page = api.get(f"{urls['collections']}/worklist").json()
            return page["total"] == len(seeds)

        until("the debtors on the worklist", all_ranked)
        until("the call task of the debtor at the formal-demand level",
              lambda: api.get(f"{urls['collections']}/tasks").json()["total"] == 1)  # fmt: skip


def _registration(customer_id: str, n: int) -> dict[str, Any]:
    contact = {"name": f"Wang Fang {n}", "email": contact_email(customer_id),
               "phone": CONTACT_PHONE.format(n), "language": "zh-CN", "timezone": "Asia/Shanghai",
               "role": "debtor_staff", "consent": {"email": True, "sms": False}}  # fmt: skip
    return {"customer_id": customer_id, "legal_name": f"Buyer {customer_id} Co",
            "jurisdiction": "cn", "currency": "CNY", "contact": contact}  # fmt: skip


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@contextmanager
def signed_in_client(cs: ConsoleSystem, username: str) -> Iterator[httpx.Client]:
    """An HTTP client signed in as ``username`` (choosing its own password first if needed)."""
    with httpx.Client(base_url=cs.url, timeout=10) as client:
        _sign_in(cs, client, username)
        yield client


def _sign_in(cs: ConsoleSystem, client: httpx.Client, username: str) -> None:
    page = client.get("/sign-in")
    password = cs.passwords[username]
    answer = client.post("/sign-in", data={"username": username, "password": password,
                                           "csrf_token": form_token(page.text)})  # fmt: skip
    assert answer.status_code == 303, answer.text
    if answer.headers["location"] == "/password":
        page = client.get("/password")
        answer = client.post("/password", data={"current": password, "new": NEW_PASSWORD,
                                                "csrf_token": form_token(page.text)})  # fmt: skip
        assert answer.status_code == 303, answer.text
        cs.passwords[username] = NEW_PASSWORD
