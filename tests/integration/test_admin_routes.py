"""The admin routes every service has: an aggregate's history found without being told its
partition (or a 404 saying what is missing, never an empty "verified" history), and
stream ids checked before they reach Redis (400 with the expected form, never a 500)."""

from __future__ import annotations

import redis.asyncio as aioredis

from services.invoicing.app import build as build_invoicing
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import registered
from tests.support.apps import running_app

INVOICE = {
    "external_number": "INV-77", "customer_id": "C-PARTITIONED-BY-ME",
    "amount": {"amount": "100.00", "currency": "CNY"},
    "issue_date": "2026-11-01", "due_date": "2026-11-30",
}  # fmt: skip


ACCOUNT = "/admin/aggregates/account/C-PARTITIONED-BY-ME/history"


async def test_an_accounts_history_is_found_without_its_partition_key(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build_invoicing, settings, redis) as svc:
        auditor = svc.as_(Role.AUDITOR)
        await registered(svc, redis, "C-PARTITIONED-BY-ME")
        issued = await svc.client.post("/invoices", json=INVOICE, headers=svc.as_(Role.INTEGRATION))
        found = await svc.client.get(ACCOUNT, headers=auditor)
        keyed = await svc.client.get(
            ACCOUNT, params={"partition_key": "C-PARTITIONED-BY-ME"}, headers=auditor
        )

    assert issued.status_code == 201
    assert found.status_code == 200 and found.json() == keyed.json()
    body = found.json()
    assert body["verified"] is True and [e["event"]["type"] for e in body["events"]] == [
        "AccountFactRecorded",  # AccountOpened
        "AccountFactRecorded",  # InvoiceBooked
        "InvoiceIssued",
    ]


async def test_an_unknown_aggregate_is_404_naming_what_was_looked_for(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build_invoicing, settings, redis) as svc:
        auditor = svc.as_(Role.AUDITOR)
        await svc.client.post("/invoices", json=INVOICE, headers=svc.as_(Role.INTEGRATION))
        unknown = await svc.client.get("/admin/aggregates/account/NOPE/history", headers=auditor)
        wrong_key = await svc.client.get(
            ACCOUNT, params={"partition_key": "SOMEONE-ELSE"}, headers=auditor
        )
        bad_type = await svc.client.get("/admin/aggregates/In%20voice/X/history", headers=auditor)

    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "no account 'NOPE' in invoicing's store under any partition"
    assert wrong_key.status_code == 404 and "partition key 'SOMEONE-ELSE'" in wrong_key.text
    assert bad_type.status_code == 422


async def test_malformed_stream_ids_are_refused_with_400_and_the_expected_form(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build_invoicing, settings, redis) as svc:
        auditor, admin = svc.as_(Role.AUDITOR), svc.as_(Role.ADMIN)
        answers = [
            await svc.client.get("/admin/dead-letters", params={"after": "zz"}, headers=auditor),
            await svc.client.get(
                "/admin/ingest/rejections", params={"after": "1-2-3"}, headers=auditor
            ),
            await svc.client.post("/admin/dead-letters/zz/replay", headers=admin),
            await svc.client.post("/admin/ingest/rejections/--/replay", headers=admin),
        ]
        fine = await svc.client.get(
            "/admin/dead-letters", params={"after": "1767225600000-0"}, headers=auditor
        )
        missing = await svc.client.post("/admin/dead-letters/1767225600000-0/replay", headers=admin)

    assert [a.status_code for a in answers] == [400, 400, 400, 400]
    assert all("is not a Redis stream id" in a.json()["detail"] for a in answers)
    assert fine.status_code == 200 and fine.json() == []
    assert missing.status_code == 404
