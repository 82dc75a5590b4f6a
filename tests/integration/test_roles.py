"""Roles for machines and people (issue 11, item 3): ``internal`` is the services' own and
only it reads contact details; ``integration`` writes facts in and reads no one's data;
collectors book payments only where the setting allows it, and every booking names its
booker."""

from __future__ import annotations

import redis.asyncio as aioredis

from services.collections.app import build as build_collections
from services.customers.app import build as build_customers
from services.invoicing.app import build as build_invoicing
from services.notifications.app import build as build_notifications
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import registered
from tests.support.apps import outbound_events, running_app

CONTACT = {"name": "Wu Fang", "email": "wu.fang@buyer.example", "phone": "+8613700000001",
           "language": "zh-CN", "timezone": "Asia/Shanghai", "role": "debtor_staff",
           "consent": {"email": True, "sms": False}}  # fmt: skip
CUSTOMER = {"customer_id": "C-1", "legal_name": "Buyer Co", "jurisdiction": "cn",
            "currency": "CNY", "contact": CONTACT}  # fmt: skip
INVOICE = {"external_number": "INV-1", "customer_id": "C-1",
           "amount": {"amount": "100.00", "currency": "CNY"},
           "issue_date": "2026-11-01", "due_date": "2026-11-30"}  # fmt: skip


def payment(payment_id: str) -> dict[str, object]:
    amount = {"amount": "10.00", "currency": "CNY"}
    return {"payment_id": payment_id, "amount": amount, "value_date": "2026-11-03"}


async def test_an_integration_key_writes_facts_in_and_reads_nobodys_data(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build_customers, settings, redis) as svc:
        erp = svc.as_(Role.INTEGRATION)
        registered = await svc.client.post("/customers", json=CUSTOMER, headers=erp)
        profile = await svc.client.get("/customers/C-1", headers=erp)
        contacts = await svc.client.get("/internal/customers/C-1/contacts", headers=erp)
        letters = await svc.client.get("/admin/dead-letters", headers=erp)
    async with running_app(build_collections, settings, redis) as svc:
        debtor = await svc.client.get("/debtors/C-1", headers=svc.as_(Role.INTEGRATION))
        worklist = await svc.client.get("/worklist", headers=svc.as_(Role.INTEGRATION))
    async with running_app(build_notifications, settings, redis) as svc:
        evidence = await svc.client.get("/evidence/C-1.json", headers=svc.as_(Role.INTEGRATION))

    assert registered.status_code == 201
    reads = [profile, contacts, letters, debtor, worklist, evidence]
    assert [r.status_code for r in reads] == [403] * 6


async def test_the_internal_key_reads_contacts_and_records_an_opt_out_and_nothing_else(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build_customers, settings, redis) as svc:
        internal = svc.as_(Role.INTERNAL)
        await svc.client.post("/customers", json=CUSTOMER, headers=svc.as_(Role.INTEGRATION))
        contacts = await svc.client.get("/internal/customers/C-1/contacts", headers=internal)
        opt_out = await svc.client.post(
            "/customers/C-1/contacts/ct-1/consent", headers=internal,
            json={"channel": "email", "consent": False, "source": "unsubscribe_link"},
        )  # fmt: skip
        profile = await svc.client.get("/customers/C-1", headers=internal)
        register = await svc.client.post(
            "/customers", json={**CUSTOMER, "customer_id": "C-2"}, headers=internal
        )
        erase = await svc.client.post(
            "/customers/C-1/erasure", json={"basis": "gdpr_art_17"}, headers=internal
        )

    assert contacts.status_code == 200 and contacts.json()["contacts"][0]["email"]
    assert opt_out.status_code == 200
    assert [profile.status_code, register.status_code, erase.status_code] == [403, 403, 403]


async def test_collectors_may_not_book_payments_unless_the_setting_allows_it(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build_invoicing, settings, redis) as svc:
        await registered(svc, redis, "C-1")
        await svc.client.post("/invoices", json=INVOICE, headers=svc.as_(Role.INTEGRATION))
        refused = await svc.client.post(
            "/invoices/INV-1/payments", json=payment("B-1"), headers=svc.as_(Role.COLLECTOR)
        )
        by_bank = await svc.client.post(
            "/invoices/INV-1/payments", json=payment("B-2"), headers=svc.as_(Role.INTEGRATION)
        )
    allowed = settings.model_copy(update={"collectors_may_book_payments": True})
    async with running_app(build_invoicing, allowed, redis) as svc:
        by_collector = await svc.client.post(
            "/invoices/INV-1/payments", json=payment("B-3"), headers=svc.as_(Role.COLLECTOR)
        )

    assert refused.status_code == 403
    assert "HUIKUAN_COLLECTORS_MAY_BOOK_PAYMENTS" in refused.json()["detail"]
    assert (by_bank.status_code, by_collector.status_code) == (201, 201)
    booked = [e for e in await outbound_events(redis, "invoicing") if e.type == "PaymentReceived"]
    assert [(e.payment_id, e.booked_by) for e in booked] == [  # type: ignore[attr-defined]
        ("B-2", "test-integration"), ("B-3", "test-collector")]  # fmt: skip
