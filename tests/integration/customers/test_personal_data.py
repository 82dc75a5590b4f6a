"""Personal data is encrypted per customer at rest and never leaves in events (R8)."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis
from cryptography.fernet import Fernet, MultiFernet

from services.customers.adapters.master_key import installation_master_key
from services.customers.adapters.vault import (
    PII_PREFIX,
    PersonalDataUnreadable,
    RedisPersonalDataVault,
    pii_key,
)
from shared.contracts import encode_event
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    ADMIN,
    COLLECTOR,
    EMAIL,
    INTEGRATION,
    LEGAL_NAME,
    PERSON,
    PHONE,
    contact_body,
    dump,
    published,
    registration,
    running,
)

PLANTED = [LEGAL_NAME, PERSON, EMAIL, PHONE, PHONE.removeprefix("+")]
# Fragments too short to search in ciphertext (3 characters turn up in random base64 by
# chance): they are looked for everywhere but in the encrypted store.
FRAGMENTS = ["Zq7", "Xv9"]


async def test_no_planted_name_e_mail_or_phone_is_anywhere_in_redis_in_plaintext(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        assert (await svc.register()).status_code == 201
        consent = await svc.client.post(
            "/customers/C-1001/contacts/ct-1/consent",
            json={"channel": "sms", "consent": False, "source": "sms_stop"},
            headers=svc.as_(COLLECTOR),
        )
        looked_up = await svc.client.get("/customers/C-1001", headers=svc.as_(ADMIN))

    assert consent.status_code == 200
    # The data is in Redis (the app kept nothing else) and reads back decrypted...
    assert looked_up.json()["contacts"][0]["email"] == EMAIL
    assert await redis.exists(pii_key("C-1001"))
    # ...yet no key or value holds it in plaintext, in any casing.
    everything = await dump(redis)
    assert len(everything) > 1000
    for planted in PLANTED:
        assert planted.encode() not in everything, planted
        assert planted.lower().encode() not in everything.lower(), planted
    outside_the_vault = await dump(redis, skip_prefix=PII_PREFIX.encode())
    for fragment in FRAGMENTS:
        assert fragment.lower().encode() not in outside_the_vault.lower(), fragment


async def test_personal_data_outlives_the_process_that_stored_it(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
    async with running(settings, redis) as later:
        profile = await later.client.get("/customers/C-1001", headers=later.as_(COLLECTOR))

    assert profile.json()["legal_name"] == LEGAL_NAME


async def test_events_on_the_bus_carry_ids_and_codes_only(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        await svc.client.post(
            "/customers/C-1001/contacts/ct-1/consent",
            json={"channel": "email", "consent": False, "source": "unsubscribe_link"},
            headers=svc.as_(INTEGRATION),
        )

    events = await published(redis)
    assert [e.type for e in events] == ["CustomerRegistered", "ContactConsentChanged"]
    for event in events:
        wire = encode_event(event)
        for planted in PLANTED + FRAGMENTS:
            assert planted.encode() not in wire


async def test_each_customer_has_its_own_data_key_and_destroying_it_shreds_only_that_customer(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register(registration("C-1"))
        await svc.register(registration("C-2", contact=contact_body(name="Second Person")))
    vault = RedisPersonalDataVault(
        redis, MultiFernet([Fernet(installation_master_key(Settings()))])
    )

    master = Fernet(installation_master_key(Settings()))
    data_keys = {master.decrypt(await redis.hget(pii_key(c), "dek")) for c in ("C-1", "C-2")}
    assert len(data_keys) == 2
    await redis.hdel(pii_key("C-1"), "dek")
    assert await vault.read("C-1") is None
    second = await vault.read("C-2")
    assert second is not None and second.contacts[0].name == "Second Person"


async def test_personal_data_does_not_open_with_another_master_key(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
    stranger = RedisPersonalDataVault(redis, MultiFernet([Fernet(Fernet.generate_key())]))

    with pytest.raises(PersonalDataUnreadable) as refused:
        await stranger.read("C-1001")

    assert PERSON not in str(refused.value)


async def test_a_configured_master_key_is_the_one_that_wraps_the_data_keys(
    redis: aioredis.Redis, settings: Settings
) -> None:
    master = Fernet.generate_key().decode()
    configured = settings.model_copy(update={"pii_master_key": master})
    async with running(configured, redis) as svc:
        await svc.register()
        profile = await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))

    assert profile.json()["legal_name"] == LEGAL_NAME
    record = await RedisPersonalDataVault(redis, MultiFernet([Fernet(master)])).read("C-1001")
    assert record is not None and record.legal_name == LEGAL_NAME
    with pytest.raises(PersonalDataUnreadable):
        dev = MultiFernet([Fernet(installation_master_key(Settings()))])
        await RedisPersonalDataVault(redis, dev).read("C-1001")


async def test_no_planted_personal_data_reaches_the_logs(
    redis: aioredis.Redis, settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        await svc.register(registration(contact=contact_body(name="Other Person")))  # 409
        await svc.register(registration(contact=contact_body(email="bad@" + EMAIL)))  # 422
        await svc.client.get("/customers/C-1001", headers=svc.as_(COLLECTOR))
        await svc.client.get("/internal/customers/C-1001/contacts", headers=svc.as_(INTEGRATION))

    out, err = capfd.readouterr()
    assert "customers" in err  # the service did log (its start, the requests)
    for planted in PLANTED + FRAGMENTS:
        assert planted not in out + err, planted
