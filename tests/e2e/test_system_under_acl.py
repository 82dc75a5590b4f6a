"""The four services, each logged in as its own Redis ACL user (`huikuan redis acl`), run the
whole slice — registration, an invoice from the ingest stream, the due date passing, the
reminder sent by e-mail, the payment, the debtor current again — and Redis refuses none of
their commands (its ACL log names no Huikuan user)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
import redis.asyncio as aioredis
from aiosmtpd.controller import Controller

from tests.e2e.conftest import Inbox
from tests.support.apps import keys_of
from tests.support.redis_server import RedisServer, free_port
from tooling.demo import Demo, walk
from tooling.devsystem import SERVICES, LocalSystem
from tooling.redis_acl import ADMIN_USER, acl_file, acl_users

pytestmark = pytest.mark.e2e

PASSWORDS = {user.name: f"e2e-password-of-{user.name}" for user in acl_users()}
INSPECTOR = "test-inspector"  # reads the ACL log; not one of Huikuan's users


@pytest.fixture
def acl_redis(tmp_path: Path) -> Iterator[RedisServer]:
    acl = tmp_path / "users.acl"
    acl.write_text(acl_file(PASSWORDS) + f"user {INSPECTOR} on >inspect ~* &* +@all\n")
    server = RedisServer(tmp_path / "redis", extra_args=("--aclfile", str(acl)))
    server.ping_as = (INSPECTOR, "inspect")
    server.start()
    yield server
    server.stop()


async def _keys(url: str) -> tuple[str, str]:
    client = aioredis.Redis.from_url(url, username=ADMIN_USER, password=PASSWORDS[ADMIN_USER])
    try:
        book = keys_of(client)
        return await book.create("e2e-admin", "admin"), await book.rotate_internal()  # type: ignore[arg-type]
    finally:
        await client.aclose()


async def _drive(urls: dict[str, str], admin_key: str, redis_url: str) -> dict[str, object]:
    client = aioredis.Redis.from_url(redis_url, username=ADMIN_USER, password=PASSWORDS[ADMIN_USER])
    async with httpx.AsyncClient(headers={"X-API-Key": admin_key}, timeout=10) as http:
        try:
            return await walk(Demo(urls, http, client, lambda _: None, 3))
        finally:
            await client.aclose()


def test_every_service_runs_the_slice_as_its_own_acl_user(
    acl_redis: RedisServer, tmp_path: Path
) -> None:
    admin_key, internal_key = asyncio.run(_keys(acl_redis.url))
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    ports = {service: free_port() for service in SERVICES}
    env = {
        "REDIS_URL": acl_redis.url, "HUIKUAN_ENVIRONMENT": "test", "HUIKUAN_CLOCK": "simulated",
        "HUIKUAN_INTERNAL_API_KEY": internal_key, "HUIKUAN_SMTP_HOST": "127.0.0.1",
        "HUIKUAN_SMTP_PORT": str(smtp.port), "HUIKUAN_RECLAIM_IDLE_MS": "1000",
        "HUIKUAN_LETTER_ENABLED": "true",
        "HUIKUAN_NOTIFICATIONS_VAR_DIR": str(tmp_path / "notifications"),
        **{f"HUIKUAN_{s.upper()}_URL": f"http://127.0.0.1:{ports[s]}" for s in SERVICES},
    }  # fmt: skip
    users = {
        service: {
            "HUIKUAN_REDIS_USERNAME": f"huikuan-{service}",
            "HUIKUAN_REDIS_PASSWORD": PASSWORDS[f"huikuan-{service}"],
        }
        for service in SERVICES
    }
    system = LocalSystem(env=env, ports=ports, log_dir=tmp_path / "logs", service_env=users)
    try:
        system.start()
        urls = {service: system.url(service) for service in SERVICES}
        view = asyncio.run(_drive(urls, admin_key, acl_redis.url))
    finally:
        system.stop()
        smtp.stop()

    inspector = redis.Redis(port=acl_redis.port, username=INSPECTOR, password="inspect")
    denied = [
        entry for entry in inspector.acl_log(count=100)
        if str(entry.get("username", "")).startswith("huikuan-")
    ]  # fmt: skip
    inspector.close()
    assert view["state"] == "current"
    assert inbox.to("ap@demo-buyer.example"), "the reminder was not e-mailed"
    assert denied == [], denied
    logs = "".join(p.read_text(errors="replace") for p in (tmp_path / "logs").glob("*.log"))
    assert "NOPERM" not in logs
