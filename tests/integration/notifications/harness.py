"""Real neighbours for the notifications service: an SMTP server, a customers API, Redis."""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, TypeVar

import httpx
import redis.asyncio as aioredis
import uvicorn
from aiosmtpd.controller import Controller
from fastapi import FastAPI, Header, HTTPException

from services.notifications.app import build
from shared.contracts import Event, parse_event
from shared.infra import keys
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.support import apps
from tests.support.apps import eventually as eventually  # re-exported for the tests
from tests.support.redis_server import free_port

T = TypeVar("T")
INTERNAL_KEY = "internal-test-key-0123456789"


class Mailbox:
    """aiosmtpd handler keeping every message it was given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # the bytes as the server got them
        self.recipients: list[str] = []
        self.refusals: list[str] = []  # answers to give (in order) instead of accepting
        self.on_data: Callable[[], None] | None = None  # runs after keeping, before answering
        self.on_quit: Callable[[], None] | None = None  # runs when QUIT arrives, before 221

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusals:
            return self.refusals.pop(0)
        self.recipients += list(envelope.rcpt_tos)
        self.raw.append(envelope.original_content or envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        if self.on_data is not None:
            self.on_data()
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        if self.on_quit is not None:
            self.on_quit()
        return "221 Bye"


@contextmanager
def service_logs() -> Iterator[io.StringIO]:
    """Every log line the process writes meanwhile, rendered as the service renders it."""
    root = logging.getLogger()
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(root.handlers[0].formatter)
    root.addHandler(handler)
    try:
        yield lines
    finally:
        root.removeHandler(handler)


async def logged(lines: io.StringIO, *texts: str) -> bool:
    """Whether every one of ``texts`` is in the log lines written so far (``eventually``:
    a service logs what it did after storing it, so a stored event can come first)."""
    return all(text in lines.getvalue() for text in texts)


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox, port = Mailbox(), free_port()
    # The fake mail server's own session log (RCPT TO: …) is the far side, not Huikuan.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@dataclass
class CustomersApi:
    """The customers service's internal contacts endpoint, as a real HTTP server."""

    books: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: int = 0
    consents: list[tuple[str, str, str, bool, str]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/internal/customers/{customer_id}/contacts")
        async def contacts(customer_id: str, x_api_key: str = Header("")) -> dict[str, Any]:
            self.calls += 1
            if x_api_key != INTERNAL_KEY:
                raise HTTPException(401, "bad key")
            if customer_id not in self.books:
                raise HTTPException(404, "unknown customer")
            return self.books[customer_id]

        @app.post("/customers/{customer_id}/contacts/{contact_id}/consent")
        async def consent(
            customer_id: str, contact_id: str, body: dict[str, Any], x_api_key: str = Header("")
        ) -> dict[str, Any]:
            if x_api_key != INTERNAL_KEY:
                raise HTTPException(401, "bad key")
            self.consents.append((customer_id, contact_id, body["channel"], body["consent"],
                                  body["source"]))  # fmt: skip
            for person in self.books[customer_id]["contacts"]:
                if person["contact_id"] == contact_id:
                    person["consent"] = {**person["consent"], body["channel"]: body["consent"]}
            return {"customer_id": customer_id, "contact_id": contact_id}

        return app


@contextmanager
def customers_server(api: CustomersApi, port: int | None = None) -> Iterator[str]:
    with http_server(api.app(), port=port) as url:
        yield url


@contextmanager
def http_server(asgi: FastAPI, lifespan: str = "off", port: int | None = None) -> Iterator[str]:
    """``asgi`` served by uvicorn on a loopback port (a free one unless given), in a thread
    (``lifespan="on"`` runs a service's start-up in that thread's loop)."""
    port = port or free_port()
    config = uvicorn.Config(asgi, host="127.0.0.1", port=port, log_config=None,
                            access_log=False, lifespan=lifespan)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test HTTP server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Running:
    app: FastAPI
    client: httpx.AsyncClient
    auditor: dict[str, str]


@asynccontextmanager
async def running(settings: Settings, redis: aioredis.Redis) -> AsyncIterator[Running]:
    """The notifications app with its lifespan entered, a client and an auditor key."""
    async with apps.running_app(build, settings, redis) as svc:
        yield Running(svc.app, svc.client, svc.as_(Role.AUDITOR))


async def published(redis: aioredis.Redis, kind: str, partitions: int = 4) -> list[Event]:
    """Events of type ``kind`` on the notifications outbound streams."""
    found: list[Event] = []
    for partition in range(partitions):
        for _, fields in await redis.xrange(keys.outbox(partition, "notifications")):
            event = parse_event(fields[b"__data__"])
            if event.type == kind:
                found.append(event)
    return found


async def drained(redis: aioredis.Redis, stream: str, group: str = "notifications") -> bool:
    """Every entry of ``stream`` was delivered to ``group`` and acknowledged."""
    last = await redis.xrevrange(stream, count=1)
    groups = await redis.xinfo_groups(stream)
    info = next((g for g in groups if g["name"] == group.encode()), None)
    if info is None:
        return False
    delivered = not last or info["last-delivered-id"] == last[0][0]
    return delivered and info["pending"] == 0


async def redis_bytes(redis: aioredis.Redis) -> bytes:
    """Every key and value in Redis, concatenated (to search for leaked personal data)."""
    chunks: list[bytes] = []
    async for key in redis.scan_iter(count=500):
        chunks.append(key)
        kind = (await redis.type(key)).decode()
        if kind == "string":
            chunks.append(await redis.get(key) or b"")
        elif kind == "hash":
            chunks += [b for kv in (await redis.hgetall(key)).items() for b in kv]
        elif kind == "stream":
            for _, fields in await redis.xrange(key):
                chunks += [b for kv in fields.items() for b in kv]
        elif kind == "zset":
            chunks += [m for m, _ in await redis.zrange(key, 0, -1, withscores=True)]
        elif kind in {"list", "set"}:
            chunks += await (redis.lrange(key, 0, -1) if kind == "list" else redis.smembers(key))
    return b"\n".join(chunks)
