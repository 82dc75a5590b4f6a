from __future__ import annotations

import asyncio
from typing import Any

import pytest
import redis.asyncio as aioredis

from services.customers.adapters.vault import pii_key
from shared.contracts.customers import CustomerRegistered
from shared.infra import keys
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    AUDITOR,
    COLLECTOR,
    EMAIL,
    INTEGRATION,
    LEGAL_NAME,
    PERSON,
    PHONE,
    contact_body,
    published,
    registration,
    running,
)


async def test_a_registered_customer_is_published_and_can_be_looked_up(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        created = await svc.register()
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))

    assert created.status_code == 201, created.text
    assert created.json()["contact_ids"] == ["ct-1"]
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert (body["legal_name"], body["jurisdiction"], body["currency"]) == (LEGAL_NAME, "cn", "CNY")
    assert (body["segment"], body["version"]) == ("standard", 1)
    [contact] = body["contacts"]
    assert contact == {
        "contact_id": "ct-1", "name": PERSON, "email": EMAIL, "phone": PHONE,
        "language": "zh-CN", "timezone": "Asia/Shanghai", "role": "debtor_staff",
        "consent": {"email": True, "sms": True}, "represented_by_lawyer": False,
        "cease_contact": False, "cease_request": None, "shared_channels": [],
        "inconvenient": [], "inconvenient_channels": [], "business_roles": [], "ref": None,
    }  # fmt: skip
    [event] = await published(redis)
    assert isinstance(event, CustomerRegistered)
    assert (event.customer_id, event.contact_ids, event.producer) == (
        "C-1001",
        ("ct-1",),
        "customers",
    )
    assert event.requested_by == "test-integration"
    partition = keys.partition_of("C-1001", settings.partitions)
    assert await redis.xlen(keys.outbox(partition, "customers")) == 1


async def test_registering_again_with_the_same_data_answers_the_same_without_a_new_event(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        first = await svc.register()
        again = await svc.register()

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(await published(redis)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"currency": "USD"},
        {"legal_name": "Another Legal Name Ltd"},
        {"contact": contact_body(email="someone.else@mailbox-example.com")},
        {"contact": contact_body(consent={"email": False, "sms": True})},
    ],
)
async def test_registering_the_same_id_with_other_data_is_a_conflict_that_changes_nothing(
    redis: aioredis.Redis, settings: Settings, change: dict[str, Any]
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        refused = await svc.register(registration(**change))
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))

    assert refused.status_code == 409, refused.text
    assert refused.json()["rule"] == "CustomerRegistrationConflict"
    assert EMAIL not in refused.text and LEGAL_NAME not in refused.text
    assert len(await published(redis)) == 1
    assert profile.json()["legal_name"] == LEGAL_NAME
    assert profile.json()["contacts"][0]["email"] == EMAIL


async def test_concurrent_registrations_of_one_id_on_two_replicas_register_exactly_one(
    redis: aioredis.Redis, settings: Settings
) -> None:
    mine = registration(legal_name="Mine Legal Name Ltd")
    theirs = registration(legal_name="Theirs Legal Name Ltd")
    async with running(settings, redis) as one, running(settings, redis) as two:
        answers = await asyncio.gather(
            *(svc.register(b) for svc, b in [(one, mine), (two, theirs)] * 4)
        )
        profile = await one.client.get("/customers/C-1001", headers=one.as_(COLLECTOR))

    codes = [a.status_code for a in answers]
    assert codes.count(201) == 1
    winner = answers[codes.index(201)].request.content
    won_with = next(b for b in (mine, theirs) if b["legal_name"].encode() in winner)
    assert profile.json()["legal_name"] == won_with["legal_name"]
    repeats_of_winner = [a.status_code for a in answers if a.request.content == winner]
    others = [a.status_code for a in answers if a.request.content != winner]
    assert sorted(repeats_of_winner) == [200, 200, 200, 201]
    assert others == [409] * 4
    assert len(await published(redis)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (registration(contact=contact_body(email="not-an-address")), "email"),
        (registration(contact=contact_body(email="a@b")), "email"),
        (registration(currency="XYZ"), "currency"),
        (registration(contact=contact_body(timezone="Asia/Atlantis")), "timezone"),
        (registration(contact=contact_body(phone="138 0013 8000")), "phone"),
        (registration(contact=contact_body(role="neighbour")), "role"),
        (registration(jurisdiction="de"), "jurisdiction"),
        (registration(customer_id="C 1001"), "customer_id"),
        ({k: v for k, v in registration().items() if k != "contact"}, "contact"),
        ({k: v for k, v in registration().items() if k != "legal_name"}, "legal_name"),
        (registration(contact={k: v for k, v in contact_body().items() if k != "email"}), "email"),
        (registration(unexpected="field"), "unexpected"),
    ],
)
async def test_malformed_registrations_are_refused_with_422_and_store_nothing(
    redis: aioredis.Redis, settings: Settings, body: dict[str, Any], field: str
) -> None:
    async with running(settings, redis) as svc:
        refused = await svc.register(body)

    assert refused.status_code == 422, refused.text
    assert field in {str(part) for err in refused.json()["detail"] for part in err["loc"]}
    assert await published(redis) == []
    assert not await redis.exists(pii_key(str(body.get("customer_id"))))


async def test_writes_and_reads_need_a_key_with_the_right_role(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        post, get = svc.client.post, svc.client.get
        no_key = await post("/customers", json=registration())
        unknown_key = await post("/customers", json=registration(), headers={"X-API-Key": "hk_x"})
        by_collector = await post("/customers", json=registration(), headers=svc.as_(COLLECTOR))
        by_auditor = await post("/customers", json=registration(), headers=svc.as_(AUDITOR))
        await svc.register()
        read_anonymously = await get("/customers/C-1001")
        read_by_integration = await get("/customers/C-1001", headers=svc.as_(INTEGRATION))
        read_by_auditor = await get("/customers/C-1001", headers=svc.as_(AUDITOR))

    assert (no_key.status_code, unknown_key.status_code) == (401, 401)
    assert (by_collector.status_code, by_auditor.status_code) == (403, 403)
    assert read_anonymously.status_code == 401
    assert read_by_integration.status_code == 403
    assert read_by_auditor.status_code == 200
    assert len(await published(redis)) == 1


async def test_an_unknown_customer_is_404(redis: aioredis.Redis, settings: Settings) -> None:
    async with running(settings, redis) as svc:
        missing = await svc.client.get("/customers/C-404", headers=svc.as_(AUDITOR))

    assert missing.status_code == 404
    assert missing.json()["rule"] == "CustomerNotFound"


async def test_a_customer_of_a_jurisdiction_without_pack_and_policy_is_refused_keeping_nothing(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        refused = await svc.register(registration(jurisdiction="de", currency="EUR"))
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["detail"]
    assert error["loc"] == ["body", "jurisdiction"]
    assert "'cn', 'us', 'eu' or 'uk'" in error["msg"]
    assert profile.status_code == 404
    assert await published(redis) == []
    assert not await redis.exists(pii_key("C-1001"))


@pytest.mark.parametrize(
    ("body", "field", "code_point"),
    [
        (registration(contact=contact_body(name="Ann\r\nBcc: all@example.com")),
         ["body", "contact", "name"], "U+000D CARRIAGE RETURN"),
        (registration(contact=contact_body(name="Ann\nBcc: all@example.com")),
         ["body", "contact", "name"], "U+000A LINE FEED"),
        (registration(legal_name="Evil\u202egnidart Co"),
         ["body", "legal_name"], "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (registration(legal_name="Trading\x00 Co"), ["body", "legal_name"], "U+0000 NULL"),
        (registration(contact=contact_body(name="Ann\u2066Smith")),
         ["body", "contact", "name"], "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ],
)  # fmt: skip
async def test_hostile_names_are_refused_naming_the_field_and_the_code_point(
    redis: aioredis.Redis,
    settings: Settings,
    body: dict[str, Any],
    field: list[str],
    code_point: str,
) -> None:
    async with running(settings, redis) as svc:
        refused = await svc.register(body)

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["detail"]
    assert error["loc"] == field
    assert code_point in error["msg"]
    assert await published(redis) == []


async def test_a_consent_source_with_a_line_break_is_refused_naming_the_field(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        refused = await svc.client.post(
            "/customers/C-1001/contacts/ct-1/consent",
            json={"channel": "sms", "consent": False, "source": "sms_stop\r\nX: y"},
            headers=svc.as_(COLLECTOR),
        )

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["detail"]
    assert error["loc"] == ["body", "source"]
    assert "U+000D" in error["msg"]
