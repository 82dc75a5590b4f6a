"""Personal data on the profile per role: in full for collectors and admins (each read
logged: who, when, which customer, why), masked for auditors, never for integrations."""

from __future__ import annotations

import redis.asyncio as aioredis

from services.customers.adapters.access_log import access_key
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    ADMIN,
    AUDITOR,
    COLLECTOR,
    EMAIL,
    INTEGRATION,
    INTERNAL,
    LEGAL_NAME,
    PERSON,
    PHONE,
    running,
)


async def test_a_collector_sees_contact_details_in_full_and_the_read_is_logged(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))
        log = await svc.client.get("/customers/C-1001/access-log", headers=svc.as_(AUDITOR))

    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert body["contact_details"] == "full"
    [contact] = body["contacts"]
    assert (contact["name"], contact["email"], contact["phone"]) == (PERSON, EMAIL, PHONE)
    assert log.status_code == 200, log.text
    [read] = log.json()["reads"]
    assert read["customer_id"] == "C-1001"
    assert (read["read_by"], read["role"], read["purpose"]) == (
        "test-collector", "collector", "collection",
    )  # fmt: skip
    assert read["route"] == "GET /customers/{id}"
    assert read["fields"] == ["contacts.name", "contacts.email", "contacts.phone"]
    assert read["read_at"].startswith("20")


async def test_an_auditor_sees_contact_details_masked_and_nothing_is_logged(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(AUDITOR))

    body = profile.json()
    assert body["contact_details"] == "masked"
    assert body["legal_name"] == LEGAL_NAME  # company data, not personal data
    [contact] = body["contacts"]
    assert contact["name"] == "P*** P*** X**"
    assert contact["email"] == "p***@mailbox-example.com"
    assert contact["phone"] == "***5678"
    text = profile.text
    for planted in (PERSON, EMAIL, PHONE, PHONE.removeprefix("+")):
        assert planted not in text
    assert await redis.xlen(access_key("C-1001")) == 0


async def test_an_admin_read_is_logged_with_the_purpose_given(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        profile = await svc.client.get(
            "/customers/C-1001", params={"purpose": "DSR-2026-0042 access request"},
            headers=svc.as_(ADMIN),
        )  # fmt: skip
        again = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))
        log = await svc.client.get("/customers/C-1001/access-log", headers=svc.as_(ADMIN))

    assert profile.json()["contacts"][0]["email"] == EMAIL
    assert again.status_code == 200
    reads = log.json()["reads"]
    assert [(r["read_by"], r["purpose"]) for r in reads] == [
        ("test-collector", "collection"),
        ("test-admin", "DSR-2026-0042 access request"),
    ]


async def test_notifications_reading_the_contact_book_is_logged(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        book = await svc.client.get(
            "/internal/customers/C-1001/contacts", headers=svc.as_(INTERNAL)
        )
        log = await svc.client.get("/customers/C-1001/access-log", headers=svc.as_(AUDITOR))

    assert book.json()["contacts"][0]["phone"] == PHONE
    [read] = log.json()["reads"]
    assert (read["read_by"], read["role"], read["purpose"]) == (
        "test-internal", "internal", "notification",
    )  # fmt: skip
    assert read["route"] == "GET /internal/customers/{id}/contacts"


async def test_integrations_read_no_profile_and_collectors_no_access_log(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(INTEGRATION))
        log = await svc.client.get("/customers/C-1001/access-log", headers=svc.as_(COLLECTOR))
        unknown = await svc.client.get("/customers/C-404/access-log", headers=svc.as_(AUDITOR))

    assert (profile.status_code, log.status_code, unknown.status_code) == (403, 403, 404)
    assert await redis.xlen(access_key("C-1001")) == 0


async def test_a_purpose_with_a_line_break_is_refused_and_nothing_is_read(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        refused = await svc.client.get(
            "/customers/C-1001", params={"purpose": "audit\r\nforged"}, headers=svc.as_(ADMIN)
        )

    assert refused.status_code == 422
    assert "U+000D" in refused.text
    assert await redis.xlen(access_key("C-1001")) == 0
