"""R8: erasure takes names and addresses, never amounts. With the real invoicing app in the
same process, an invoice and a part payment of the erased customer keep their amounts in
invoicing's view and stream, while the customers profile reads ``[erased]``."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from services.invoicing.app import build as build_invoicing
from shared.contracts import Event
from shared.infra.eventstore import EventStore, StreamRef
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.customers.harness import running
from tests.integration.invoicing.harness import account_open
from tests.support.apps import Running, eventually, running_app

INTEGRATION, AUDITOR = Role.INTEGRATION, Role.AUDITOR

NUMBER = "INV-2026-0042"
INVOICE = {
    "external_number": NUMBER, "customer_id": "C-1001",
    "amount": {"amount": "12500.00", "currency": "CNY"},
    "issue_date": "2026-11-01", "due_date": "2026-11-30",
}  # fmt: skip
PAYMENT = {"payment_id": "BANK-42", "amount": {"amount": "2500.00", "currency": "CNY"},
           "value_date": "2026-11-20"}  # fmt: skip


async def invoice_events(redis: aioredis.Redis, settings: Settings) -> list[Event]:
    store = EventStore(redis, "invoicing", settings.partitions)
    return (await store.load(StreamRef("account", "C-1001", "C-1001"))).events


async def look_up(invoicing: Running) -> dict[str, Any]:
    answer = await invoicing.client.get(f"/invoices/{NUMBER}", headers=invoicing.as_(AUDITOR))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_after_erasure_the_customer_reads_erased_while_its_invoice_keeps_its_amounts(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with (
        running(settings, redis) as customers,
        running_app(build_invoicing, settings, redis) as invoicing,
    ):
        await customers.register()
        await eventually(lambda: account_open(invoicing, "C-1001"), timeout=60)
        post, integration = invoicing.client.post, invoicing.as_(INTEGRATION)
        assert (await post("/invoices", json=INVOICE, headers=integration)).status_code == 201
        paid = await post(f"/invoices/{NUMBER}/payments", json=PAYMENT, headers=integration)
        assert paid.status_code == 201, paid.text
        before, stream_before = await look_up(invoicing), await invoice_events(redis, settings)

        assert (await customers.erase()).status_code == 200
        profile = (await customers.profile()).json()
        after = await look_up(invoicing)

    assert profile["legal_name"] == "[erased]"
    assert profile["contacts"][0]["name"] == "[erased]"
    assert after == before
    assert after["outstanding"] == {"amount": "10000.00", "currency": "CNY"}
    assert await invoice_events(redis, settings) == stream_before
    published = [e for e in stream_before if e.type in ("InvoiceIssued", "PaymentReceived")]
    amounts = [str(e.amount.amount) for e in published]  # type: ignore[attr-defined]
    assert amounts == ["12500.00", "2500.00"]
