"""The ERP path exactly as docs/ingest.md shows it: every ``redis-cli XADD`` line of the
page, run with the real ``redis-cli`` against the session's Redis, is processed by the
real invoicing service (nothing dead-lettered, nothing rejected), and the account ends
as the page's commands say; a malformed entry among them is dead-lettered with its reason
and the next one is still processed."""

from __future__ import annotations

import asyncio
import re
import shlex
import subprocess
from pathlib import Path

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import (
    INGEST,
    REJECTED,
    drained,
    eventually,
    registered,
    running,
)
from tests.support.redis_server import RedisServer

PAGE = Path(__file__).resolve().parents[3] / "docs" / "ingest.md"
LINE = re.compile(r"^redis-cli (XADD hk:ingest:invoices .*)$", re.MULTILINE)


def documented_commands() -> list[list[str]]:
    return [shlex.split(found) for found in LINE.findall(PAGE.read_text("utf-8"))]


def redis_cli(server: RedisServer, args: list[str]) -> str:
    done = subprocess.run(
        ["redis-cli", "-p", str(server.port), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


async def test_every_documented_command_written_with_redis_cli_is_processed(
    redis: aioredis.Redis, settings: Settings, redis_server: RedisServer
) -> None:
    commands = documented_commands()
    types = {re.search(r'"type":"(\w+)"', " ".join(c)).group(1) for c in commands}  # type: ignore[union-attr]
    assert types == {
        "IssueInvoice", "RecordPayment", "ReceivePayment", "ApplyUnappliedCredit",
        "RefundUnappliedCredit", "ReversePayment", "IssueCreditNote", "RaiseCharge",
        "CancelInvoice", "ChangeDueDate",
    }  # fmt: skip
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1001")
        for n, args in enumerate(commands):
            await asyncio.to_thread(redis_cli, redis_server, args)
            if n == 3:  # a malformed entry among them: dead-lettered, the next processed
                await asyncio.to_thread(redis_cli, redis_server, ["XADD", INGEST, "*", "type", "X"])
            await eventually(lambda: drained(redis, INGEST), timeout=60)
        account = await svc.client.get("/customers/C-1001/account", headers=svc.as_(Role.AUDITOR))
        moved = await svc.client.get("/invoices/INV-2026-0002", headers=svc.as_(Role.AUDITOR))
        cancelled = await svc.client.get("/invoices/INV-2026-0004", headers=svc.as_(Role.AUDITOR))

    assert await redis.xlen(REJECTED) == 0, await redis.xrange(REJECTED)
    [letter] = await redis.xrange(keys.dead_letter("invoicing"))
    assert b"has no __data__ field" in letter[1][b"error"]
    view = account.json()
    open_items = {i["item_id"]: i["open"]["amount"] for i in view["open_items"]}
    # BANK-901 bounced: what it paid on INV-2026-0002 and -0003 is owed again.
    assert open_items == {"INV-2026-0002": "1000.00", "INV-2026-0003": "2000.00"}
    held = {u["source_id"]: u["unapplied"]["amount"] for u in view["unapplied"]}
    assert held == {"BANK-900": "1840.00", "CN-7": "200.00"}  # 2000 - 150 applied - 10 refunded
    assert moved.json()["due_date"] == "2026-12-31"
    assert cancelled.json()["status"] == "cancelled"
