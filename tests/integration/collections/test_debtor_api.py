"""The debtor API: who may read it, what it shows, and the verification of the history."""

from __future__ import annotations

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.collections.harness import (
    Running,
    Upstream,
    collections_out,
    eventually,
    running,
)
from tests.unit.collections.given import DEBTOR, Invoices, registered


async def overdue(svc: Running) -> dict[str, object] | None:
    debtor = await svc.debtor(DEBTOR)
    return debtor if debtor.get("state") == "overdue" else None


async def make_overdue(svc: Running, upstream: Upstream, amount: str) -> None:
    """Register the debtor, issue INV-1 for ``amount`` and miss it; wait until overdue."""
    # Customers and invoicing are two streams: no order between them, so one at a time.
    await upstream.publish(registered())
    await eventually(lambda: svc.debtor(DEBTOR))
    inv = Invoices()
    await upstream.publish(inv.issue("INV-1", amount), inv.miss("INV-1"))
    await eventually(lambda: overdue(svc))


async def test_the_debtor_view_has_invoices_balances_and_a_timeline_of_every_event(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await make_overdue(svc, Upstream(redis, settings.partitions), "80.00")
        as_auditor = await svc.debtor(DEBTOR, Role.AUDITOR)

    assert as_auditor["outstanding"] == [{"amount": "80.00", "currency": "CNY"}]
    assert [e["type"] for e in as_auditor["timeline"]] == [
        "DebtorRegistered",
        "PolicyAssigned",
        "DebtorInvoiceTracked",
        "DebtorInvoiceOverdue",
        "DunningLevelReached",
        "NotificationRequested",
    ]
    assert [e["version"] for e in as_auditor["timeline"]] == [1, 2, 3, 4, 5, 6]
    assert as_auditor["timeline"][2]["summary"] == "invoice INV-1 tracked: 80.00 CNY due 2026-11-30"
    assert all(e["occurred_at"] for e in as_auditor["timeline"])


async def test_the_debtor_api_wants_a_collector_or_auditor_key_and_knows_unknown_debtors(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream, inv = Upstream(redis, settings.partitions), Invoices()
    async with running(settings, redis) as svc:
        await upstream.publish(inv.issue("INV-1", "80.00"))
        await eventually(lambda: svc.debtor(DEBTOR))
        get = svc.client.get
        anonymous = await get(f"/debtors/{DEBTOR}")
        integration = await get(f"/debtors/{DEBTOR}", headers=svc.as_(Role.INTEGRATION))
        collector_verifies = await get(f"/debtors/{DEBTOR}/verify", headers=svc.as_(Role.COLLECTOR))
        unknown = await get("/debtors/C-NOBODY", headers=svc.as_(Role.COLLECTOR))
        unknown_verify = await get("/debtors/C-NOBODY/verify", headers=svc.as_(Role.AUDITOR))

    assert (anonymous.status_code, integration.status_code) == (401, 403)
    assert collector_verifies.status_code == 403
    assert (unknown.status_code, unknown.json()["rule"]) == (404, "DebtorNotFound")
    assert unknown_verify.status_code == 404


async def test_an_auditor_verifies_the_history_and_sees_where_it_was_tampered_with(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream, inv = Upstream(redis, settings.partitions), Invoices()
    async with running(settings, redis) as svc:
        await upstream.publish(inv.issue("INV-1", "80.00"), inv.miss("INV-1"))
        debtor = await eventually(lambda: overdue(svc))
        auditor = svc.as_(Role.AUDITOR)
        intact = (await svc.client.get(f"/debtors/{DEBTOR}/verify", headers=auditor)).json()
        await rewrite_first_event(redis, settings.partitions, b'"80.00"', b'"8.00"')
        tampered = (await svc.client.get(f"/debtors/{DEBTOR}/verify", headers=auditor)).json()

    assert intact == {
        "customer_id": DEBTOR,
        "ok": True,
        "checked": debtor["version"],
        "first_bad_version": None,
        "problem": "",
    }
    assert (tampered["ok"], tampered["first_bad_version"]) == (False, 1)
    assert tampered["problem"] == "content does not match its hash"


async def rewrite_first_event(
    redis: aioredis.Redis, partitions: int, old: bytes, new: bytes
) -> None:
    """Someone with Redis access edits the first stored event, keeping ids and hashes."""
    stream = keys.aggregate_stream(keys.partition_of(DEBTOR, partitions), "debtor", DEBTOR)
    entries = await redis.xrange(stream)
    await redis.delete(stream)
    for index, (entry_id, fields) in enumerate(entries):
        if index == 0:
            assert old in fields[b"__data__"]
            fields = {**fields, b"__data__": fields[b"__data__"].replace(old, new)}
        await redis.xadd(stream, fields, id=entry_id)


async def test_the_debtors_private_history_is_stored_but_only_integration_events_are_published(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await make_overdue(svc, Upstream(redis, settings.partitions), "12000.00")
        stored = [entry["type"] for entry in (await svc.debtor(DEBTOR))["timeline"]]

    private = {"DebtorRegistered", "PolicyAssigned", "DebtorInvoiceTracked", "DebtorInvoiceOverdue"}
    assert private <= set(stored)
    out = [event.type for event in await collections_out(redis)]
    assert out == [t for t in stored if t not in private]
    assert out == ["DunningLevelReached", "NotificationRequested"]
