"""The whole system for end-to-end tests: four service processes, real Redis, real SMTP.

The system is started once per module against the session's redis-server (flushed
first) with a simulated clock, free ports, and an aiosmtpd server that keeps every
message it receives.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from shared.infra import connection
from shared.infra.api_keys import Role
from tests.support.apps import keys_of
from tests.support.redis_cluster import RedisClusterNodes
from tests.support.redis_server import RedisServer, free_port
from tooling.demo import Demo
from tooling.devsystem import SERVICES, LocalSystem

GRACE_DAYS = 3


@dataclass
class Inbox:
    """An SMTP handler keeping every message: (envelope recipients, parsed message)."""

    messages: list[tuple[list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [msg for rcpt, msg in self.messages if address in rcpt]


@dataclass
class System:
    processes: LocalSystem
    inbox: Inbox
    admin_key: str
    redis_url: str
    log_dir: Path

    @property
    def letters(self) -> Path:
        """Where the notifications service stores the PDF of every posted letter."""
        return Path(self.processes.env["HUIKUAN_NOTIFICATIONS_VAR_DIR"]) / "letters"

    def urls(self) -> dict[str, str]:
        return {service: self.processes.url(service) for service in SERVICES}

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.log_dir.glob("*.log"))


@pytest.fixture(scope="module")
def system(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    with running_system(redis_server, tmp_path_factory) as started:
        yield started


@contextmanager
def running_system(
    redis_server: RedisServer | RedisClusterNodes,
    tmp_path_factory: pytest.TempPathFactory,
    more_ports: dict[str, int] | None = None,
    more_env: dict[str, str] | None = None,
) -> Iterator[System]:
    """The whole system on a flushed Redis (one server or a cluster); ``more_ports`` adds
    processes (the console)."""
    if isinstance(redis_server, RedisServer) and redis_server.proc is None:
        redis_server.start()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    admin_key, internal_key = asyncio.run(_fresh_redis_with_keys(redis_server.url))
    ports = {service: free_port() for service in SERVICES} | (more_ports or {})
    env = {
        "REDIS_URL": redis_server.url,
        "HUIKUAN_ENVIRONMENT": "test",
        "HUIKUAN_CLOCK": "simulated",
        "HUIKUAN_INTERNAL_API_KEY": internal_key,
        # Where each service answers (notifications calls customers; the console, all four).
        **{f"HUIKUAN_{s.upper()}_URL": f"http://127.0.0.1:{ports[s]}" for s in SERVICES},
        "HUIKUAN_INVOICING_PUBLIC_URL": f"http://127.0.0.1:{ports['invoicing']}",
        "HUIKUAN_SMTP_HOST": "127.0.0.1",
        "HUIKUAN_SMTP_PORT": str(smtp.port),
        "HUIKUAN_GRACE_DAYS": str(GRACE_DAYS),
        "HUIKUAN_RECLAIM_IDLE_MS": "1000",
        # A killed process's partitions are taken over after this long (default 10 s).
        "HUIKUAN_PARTITION_LEASE_MS": "3000",
        "HUIKUAN_LOG_JSON": "true",
        "HUIKUAN_LETTER_ENABLED": "true",  # posted letters land as PDFs under the var dir
        "HUIKUAN_NOTIFICATIONS_VAR_DIR": str(tmp_path_factory.mktemp("notifications-var")),
        **(more_env or {}),
    }
    log_dir = tmp_path_factory.mktemp("e2e-logs")
    processes = LocalSystem(env=env, ports=ports, log_dir=log_dir)
    try:
        processes.start(timeout=300)
        yield System(processes, inbox, admin_key, redis_server.url, log_dir)
    finally:
        processes.stop()
        smtp.stop()


async def _fresh_redis_with_keys(url: str) -> tuple[str, str]:
    client = connection.async_client(url)
    try:
        await client.flushall()
        book = keys_of(client)
        admin = await book.create("e2e-admin", Role.ADMIN)
        internal = await book.rotate_internal()
        return admin, internal
    finally:
        await client.aclose()


@pytest.fixture
async def driver(system: System) -> AsyncIterator[Demo]:
    """The demo's driver: admin HTTP calls, raw Redis like an ERP, polling with deadlines."""
    client = connection.async_client(system.redis_url)
    async with httpx.AsyncClient(headers={"X-API-Key": system.admin_key}, timeout=10) as http:
        yield Demo(system.urls(), http, client, lambda _line: None, GRACE_DAYS)
    await client.aclose()
