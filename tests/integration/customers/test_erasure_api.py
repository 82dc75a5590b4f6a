"""R8: erasure destroys the customer's data key. Afterwards the planted name, e-mail and
phone cannot be recovered from Redis even with the master key; the profile and a replay
of the stream read ``[erased]`` with ids and codes intact; the contact book has no address;
a repeat changes nothing; a process that died after the append is made good by the timer."""

from __future__ import annotations

import uuid
from typing import Any

import redis.asyncio as aioredis
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from services.customers.adapters.master_key import installation_master_key
from services.customers.adapters.vault import RedisPersonalDataVault, pii_key
from services.customers.domain.commands import ErasePersonalData
from services.customers.domain.decide import decide
from services.customers.domain.state import AGGREGATE_TYPE, CustomerState, evolve, initial
from services.notifications.application.ports import ContactBook as NotificationsContactBook
from shared.infra.clock import clock_from_settings
from shared.infra.eventstore import EventStore, StreamRef
from shared.infra.redis_repository import RedisRepository
from shared.infra.repository import Cause
from shared.infra.settings import Settings
from tests.integration.customers.harness import (
    INTERNAL,
    LEGAL_NAME,
    PERSON,
    dump,
    published,
    running,
)
from tests.support.apps import eventually

MASTER = MultiFernet([Fernet(installation_master_key(Settings()))])
ERASED_CONTACT = {"name": "[erased]", "email": "[erased]", "phone": "[erased]"}


async def recover_with_master_key(redis: aioredis.Redis, sealed: bytes) -> list[bytes]:
    """Whatever opens ``sealed`` with a data key found anywhere in Redis under the master key."""
    opened = []
    for blob in (await dump(redis)).split(b"\n"):
        try:
            data_key = MASTER.decrypt(blob)
            opened.append(Fernet(data_key).decrypt(sealed))
        except (InvalidToken, ValueError, TypeError):
            continue
    return opened


async def test_after_erasure_the_planted_data_cannot_be_recovered_even_with_the_master_key(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        sealed = await redis.hget(pii_key("C-1001"), "data")
        before = await recover_with_master_key(redis, sealed)
        erased = await svc.erase()

    assert len(before) == 1 and PERSON.encode() in before[0]  # the attack works before
    assert erased.status_code == 200, erased.text
    assert await redis.exists(pii_key("C-1001")) == 0
    assert await recover_with_master_key(redis, sealed) == []
    assert await RedisPersonalDataVault(redis, MASTER).read("C-1001") is None
    everything = await dump(redis)
    for planted in (LEGAL_NAME, PERSON, "planted.xv9", "13912345678"):
        assert planted.lower().encode() not in everything.lower(), planted


async def test_the_profile_of_an_erased_customer_reads_erased_and_keeps_its_codes(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        before = (await svc.profile()).json()
        erased = (await svc.erase()).json()
        after = (await svc.profile()).json()

    assert after["legal_name"] == "[erased]"
    [contact] = after["contacts"]
    assert {k: contact[k] for k in ERASED_CONTACT} == ERASED_CONTACT
    kept = {k: v for k, v in before["contacts"][0].items() if k not in ERASED_CONTACT}
    assert {k: contact[k] for k in kept} == kept  # id, role, language, zone, consent, …
    for field in ("customer_id", "jurisdiction", "currency", "segment", "registered_at"):
        assert after[field] == before[field], field
    assert after["erasure"] == erased["erasure"]
    assert (erased["erasure"]["erased_by"], erased["erasure"]["reference"]) == (
        "test-admin", "DSR-2026-0042",
    )  # fmt: skip


async def test_the_contact_book_of_an_erased_customer_gives_notifications_no_address(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        await svc.erase()
        answer = await svc.client.get(
            "/internal/customers/C-1001/contacts", headers=svc.as_(INTERNAL)
        )

    assert answer.status_code == 200, answer.text
    [contact] = answer.json()["contacts"]
    assert not {"name", "email", "phone"} & set(contact)
    assert contact["consent"] == {"email": True, "sms": True}
    # As notifications reads it: nothing to send an e-mail, an SMS or a letter to.
    [parsed] = NotificationsContactBook.model_validate_json(answer.content).contacts
    assert [parsed.address_for(c) for c in ("email", "sms", "letter", "log")] == [None] * 4
    assert parsed.as_recipient().reachable <= {"webhook"}


async def test_replaying_the_stream_after_erasure_reads_erased_and_the_chain_holds(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        await svc.erase()
    store = EventStore(redis, "customers", settings.partitions)
    ref = StreamRef(AGGREGATE_TYPE, "C-1001", "C-1001")

    state = initial("C-1001")
    for event in (await store.load(ref)).events:
        state = evolve(state, event)
    async with running(settings, redis) as fresh:  # a new process: nothing cached
        profile = (await fresh.profile()).json()

    assert state.customer is not None and state.customer.erasure is not None
    assert state.customer.erasure.basis == "data_subject_request"
    assert (await store.verify(ref)).ok
    assert profile["legal_name"] == "[erased]" and profile["version"] == 2


async def test_a_second_erasure_changes_nothing(redis: aioredis.Redis, settings: Settings) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
        first = await svc.erase()
        second = await svc.erase(basis="retention_expired")
        profile = (await svc.profile()).json()

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == first.json()
    assert profile["version"] == 2
    erased = [e for e in await published(redis) if e.type == "PersonalDataErased"]
    assert len(erased) == 1


async def test_a_process_that_died_after_appending_the_erasure_leaves_the_shredding_to_its_timer(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await svc.register()
    await append_erasure_and_die(redis, settings)
    assert await redis.hexists(pii_key("C-1001"), "dek")

    async with running(settings, redis) as restarted:
        profile = (await restarted.profile()).json()
        await eventually(lambda: gone(redis, pii_key("C-1001")))

    assert profile["legal_name"] == "[erased]"


async def append_erasure_and_die(redis: aioredis.Redis, settings: Settings) -> None:
    """What an erasing process did before it died: the append (with its timer), no more."""
    repository = RedisRepository(
        EventStore(redis, "customers", settings.partitions), AGGREGATE_TYPE, initial, evolve,
        CustomerState, clock_from_settings(settings, redis),
    )  # fmt: skip
    cmd = ErasePersonalData(customer_id="C-1001", basis="data_subject_request")
    await repository.execute(
        repository.ref("C-1001"), lambda state, now: decide(state, cmd, now, "test-admin"),
        Cause(correlation_id=uuid.uuid4()),
    )  # fmt: skip


async def gone(redis: aioredis.Redis, key: str) -> Any:
    return await redis.exists(key) == 0
