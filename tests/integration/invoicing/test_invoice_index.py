"""The invoice-number index: a number is claimed atomically in its own partition's hash,
so concurrent issues of one number to different customers book it on one account only."""

from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from services.invoicing.adapters.index import LEGACY_INDEX_KEY, RedisInvoiceIndex, owners_key
from shared.infra import keys
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import issue_body, registered, running

CUSTOMERS = [f"C-{n}" for n in range(8)]


async def test_one_number_issued_to_many_customers_at_once_is_booked_on_one_account_only(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, *CUSTOMERS)
        headers = svc.as_(Role.INTEGRATION)
        answers = await asyncio.gather(
            *(
                svc.client.post("/invoices", json=issue_body("INV-9", c), headers=headers)
                for c in CUSTOMERS
            )
        )
        accounts = [
            (await svc.client.get(f"/customers/{c}/account", headers=svc.as_(Role.AUDITOR))).json()
            for c in CUSTOMERS
        ]

    codes = sorted(a.status_code for a in answers)
    assert codes == [201] + [409] * (len(CUSTOMERS) - 1), [a.text for a in answers]
    [winner] = [c for c, a in zip(CUSTOMERS, answers, strict=True) if a.status_code == 201]
    holding = [c for c, account in zip(CUSTOMERS, accounts, strict=True) if "INV-9" in str(account)]
    assert holding == [winner]
    partition = keys.partition_of("INV-9", settings.partitions)
    assert await redis.hget(owners_key(partition), "INV-9") == winner.encode()


async def test_a_refused_issue_leaves_its_number_free_for_another_customer(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1", "C-2")
        headers = svc.as_(Role.INTEGRATION)
        wrong = {**issue_body("INV-7", "C-1"), "due_date": "2026-10-01"}  # before issue date
        refused = await svc.client.post("/invoices", json=wrong, headers=headers)
        taken = await svc.client.post("/invoices", json=issue_body("INV-7", "C-2"), headers=headers)

    assert refused.status_code in (409, 422), refused.text
    assert taken.status_code == 201, taken.text


async def test_the_single_index_hash_of_earlier_releases_is_carried_over_at_first_use(
    redis: aioredis.Redis,
) -> None:
    await redis.hset(LEGACY_INDEX_KEY, mapping={"INV-OLD": "C-1", "INV-OLDER": "C-2"})
    index = RedisInvoiceIndex(redis, 4)

    found = await index.locate("INV-OLD")
    refused = await index.claim("INV-OLDER", "C-3")
    fresh = await index.claim("INV-NEW", "C-3")

    assert found == "C-1"
    assert (refused.owner, refused.fresh) == ("C-2", False)
    assert (fresh.owner, fresh.fresh) == ("C-3", True)
    assert await index.customers() == ["C-1", "C-2", "C-3"]
    assert not await redis.exists(LEGACY_INDEX_KEY)
    assert await redis.hget(owners_key(keys.partition_of("INV-OLD", 4)), "INV-OLD") == b"C-1"


async def test_a_batch_of_claims_is_one_script_call_per_partition_each_answered_in_order(
    redis: aioredis.Redis,
) -> None:
    index = RedisInvoiceIndex(redis, 4)
    numbers = [f"INV-{n}" for n in range(40)]
    await index.claim("INV-0", "C-first")  # claimed before: its owner stays
    await redis.config_resetstat()

    claims = await index.claim_many(
        [(number, "C-1") for number in numbers] + [("INV-5", "C-2"), ("INV-99", "")]
    )

    stats = await redis.info("commandstats")
    partitions = {keys.partition_of(n, 4) for n in [*numbers, "INV-99"]}
    assert stats["cmdstat_evalsha"]["calls"] == len(partitions)  # not one per number
    owners = [(c.owner, c.fresh) for c in claims]  # type: ignore[union-attr]
    assert owners[0] == ("C-first", False)
    assert owners[1:40] == [("C-1", True)] * 39
    assert owners[40] == ("C-1", False)  # the same number later in the batch: already owned
    assert owners[41] == ("", False)  # a look-up of a number nobody holds claims nothing
    assert await redis.hget(owners_key(keys.partition_of("INV-99", 4)), "INV-99") is None


async def test_a_partition_whose_call_fails_fails_its_own_claims_only(
    redis: aioredis.Redis,
) -> None:
    index = RedisInvoiceIndex(redis, 4)
    numbers = [f"INV-{n}" for n in range(20)]
    broken = keys.partition_of("INV-0", 4)
    await redis.set(owners_key(broken), "not a hash")

    claims = await index.claim_many([(number, "C-1") for number in numbers])

    for number, claim in zip(numbers, claims, strict=True):
        if keys.partition_of(number, 4) == broken:
            assert isinstance(claim, Exception) and "WRONGTYPE" in str(claim)
        else:
            assert not isinstance(claim, Exception) and (claim.owner, claim.fresh) == ("C-1", True)
