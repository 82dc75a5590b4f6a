"""The ERP's customer master through ``hk:ingest:customers`` and ``huikuan customers import``:
idempotent by customer number, malformed entries dead-lettered with the reason, refused
ones recorded with the rule, a malformed CSV row reported with its line."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis

from services.customers.domain.credit.csv_import import parse_customers_csv
from shared.infra import keys
from shared.infra.settings import Settings
from tests.integration.customers.harness import AUDITOR, COLLECTOR, published, running
from tests.support.apps import eventually
from tests.support.credit_csv import customer_row, customers_csv
from tooling.cli_customers import record

INGEST = keys.ingest("customers")
REJECTED = f"{INGEST}:rejected"


def entry(n: int, **changes: str) -> dict[str, str]:
    [customer] = parse_customers_csv(customers_csv([customer_row(n, **changes)])).customers
    return {"__data__": json.dumps(record(customer), ensure_ascii=False)}


async def test_an_ingest_entry_registers_the_customer_and_again_changes_nothing(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await redis.xadd(INGEST, entry(7))

        async def profile() -> Any:
            found = await svc.client.get("/customers/C-000007", headers=svc.as_(COLLECTOR))
            return found if found.status_code == 200 else None

        first = await eventually(profile, timeout=60)
        count = len(await published(redis))
        await redis.xadd(INGEST, entry(7))
        await redis.xadd(INGEST, entry(8))
        await eventually(lambda: _registered(svc, "C-000008"), timeout=60)

    body = first.json()
    assert body["master_data"]["owner"] == "li.sales"
    assert body["contacts"][0]["ref"] == "P-7"
    events = await published(redis)
    assert [e.type for e in events[:count]] == [
        "CustomerRegistered", "CustomerMasterDataChanged", "ContactAdded",
    ]  # fmt: skip
    assert len(events) == count + 3  # C-000008 only: the repeat of C-000007 added nothing
    assert all(getattr(e, "source", "ingest") == "ingest" for e in events)


async def _registered(svc: Any, customer_id: str) -> bool:
    found = await svc.client.get(f"/customers/{customer_id}", headers=svc.as_(AUDITOR))
    return bool(found.status_code == 200)


async def test_a_malformed_entry_is_dead_lettered_and_a_refused_one_recorded_with_its_rule(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        bad = entry(9)
        data = json.loads(bad["__data__"])
        data["registration"]["number"] = "913101150000000031"
        await redis.xadd(INGEST, {"__data__": json.dumps(data)})
        await redis.xadd(INGEST, entry(10))
        await redis.xadd(INGEST, entry(10, currency="USD"))  # another currency than registered
        await eventually(lambda: redis.xlen(REJECTED), timeout=60)
        await eventually(lambda: redis.xlen(keys.dead_letter("customers")), timeout=60)
        listed = await svc.client.get("/customers", headers=svc.as_(AUDITOR))

    [(_, rejected)] = await redis.xrange(REJECTED)
    assert rejected[b"customer_id"] == b"C-000010"
    assert rejected[b"error"] == b"customer_registration_conflict"
    assert b"currency" in rejected[b"detail"]
    [(_, dead)] = await redis.xrange(keys.dead_letter("customers"))
    assert b"check character" in b" ".join(dead.values())
    assert [c["customer_id"] for c in listed.json()["customers"]] == ["C-000010"]


async def test_ten_thousand_customers_from_csv_then_the_same_file_changes_nothing(
    redis: aioredis.Redis, settings: Settings, tmp_path: Path
) -> None:
    """The CLI parses the file, reports the malformed row by line and queues the rest; the
    customers service imports them. Slow on a loaded machine by design (20,000 imports)."""
    rows = [customer_row(n) for n in range(1, 10_001)]
    rows[4_999]["contact_email"] = "not-an-address"  # line 5001 (the header is line 1)
    path = tmp_path / "customers.csv"
    path.write_bytes(customers_csv(rows))
    async with running(settings, redis) as svc:
        first = await _cli(settings, path)
        after_first = len(await published(redis))
        again = await _cli(settings, path)
        listed = await svc.client.get("/customers", params={"limit": 500},
                                      headers=svc.as_(AUDITOR))  # fmt: skip

    assert first.returncode == 0, first.stderr
    assert "customers.csv:line 5001: contact_email" in first.stderr
    assert "9999 customers sent" in first.stdout
    assert after_first == 3 * 9_999
    assert again.returncode == 0, again.stderr
    assert len(await published(redis)) == after_first
    assert len(listed.json()["customers"]) == 500


class Done:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


async def _cli(settings: Settings, path: Path) -> Done:
    env = {**os.environ, "REDIS_URL": settings.redis_url}
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "huikuan"), "customers", "import", str(path),
        "--timeout", "1200", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    return Done(proc.returncode or 0, out.decode(), err.decode())
