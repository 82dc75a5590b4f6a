"""PII master-key rotation on real Redis: ``huikuan keys rewrap-pii`` wraps every data key
with the new master key, runs again harmlessly, resumes a run that stopped part-way, and
never gives an erased customer a key back; afterwards the old master key can be dropped."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from typer.testing import CliRunner

from services.customers.adapters.rewrap import SWAP_IF_UNCHANGED
from services.customers.adapters.vault import RedisPersonalDataVault, pii_key
from services.customers.domain.personal import PersonalData
from tests.support.redis_server import RedisServer
from tooling.cli import app

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
CUSTOMERS = ["C-2001", "C-2002", "C-2003", "C-2004"]


def rewrap_cli(redis_url: str, master: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["keys", "rewrap-pii", "--redis-url", redis_url],
                                env={"HUIKUAN_PII_MASTER_KEY": master})  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


async def wrapped_key(redis: aioredis.Redis, customer_id: str) -> bytes | None:
    found = await redis.hget(pii_key(customer_id), "dek")
    return found if isinstance(found, bytes) else None


@pytest.fixture
async def kept_under_old_key(redis: aioredis.Redis) -> None:
    vault = RedisPersonalDataVault(redis, MultiFernet([Fernet(OLD)]))
    for customer_id in CUSTOMERS:
        await vault.keep(PersonalData(customer_id=customer_id, legal_name=f"公司 {customer_id}"))
    await vault.shred("C-2004")  # erased before the rotation


async def test_rewrap_moves_every_data_key_to_the_new_master_key_and_the_old_can_go(
    redis: aioredis.Redis, redis_server: RedisServer, kept_under_old_key: None
) -> None:
    # A run that stopped part-way: C-2001 was already re-wrapped.
    data_key = Fernet(OLD).decrypt(await wrapped_key(redis, "C-2001") or b"")
    await redis.hset(pii_key("C-2001"), "dek", Fernet(NEW).encrypt(data_key))
    vault_old = RedisPersonalDataVault(redis, MultiFernet([Fernet(OLD)]))

    code, out, err = await asyncio.to_thread(rewrap_cli, redis_server.url, f"{NEW},{OLD}")

    assert code == 0, err
    assert "2 data keys re-wrapped with the first master key; 1 already were" in out
    for customer_id in CUSTOMERS[:3]:
        wrapped = await wrapped_key(redis, customer_id)
        assert wrapped is not None
        Fernet(NEW).decrypt(wrapped)  # opens with the new key alone
        with pytest.raises(InvalidToken):
            Fernet(OLD).decrypt(wrapped)
    # The old master key dropped: personal data still reads, under the new key only.
    vault_new = RedisPersonalDataVault(redis, MultiFernet([Fernet(NEW)]))
    record = await vault_new.read("C-2002")
    assert record is not None and record.legal_name == "公司 C-2002"
    with pytest.raises(Exception, match="does not open"):
        await vault_old.read("C-2002")
    # The erased customer's record stays absent.
    assert not await redis.exists(pii_key("C-2004"))
    # Idempotent: a second run changes nothing.
    before = {c: await wrapped_key(redis, c) for c in CUSTOMERS}
    code, out, _ = await asyncio.to_thread(rewrap_cli, redis_server.url, f"{NEW},{OLD}")
    assert code == 0 and "0 data keys re-wrapped with the first master key; 3 already were" in out
    assert {c: await wrapped_key(redis, c) for c in CUSTOMERS} == before


async def test_a_data_key_no_configured_master_key_opens_is_named_and_the_run_fails(
    redis: aioredis.Redis, redis_server: RedisServer, kept_under_old_key: None
) -> None:
    """The old key left out too early: nothing is lost, the run says which records."""
    stranger = Fernet.generate_key().decode()
    before = await wrapped_key(redis, "C-2001")

    code, _, err = await asyncio.to_thread(rewrap_cli, redis_server.url, f"{NEW},{stranger}")

    assert code == 1
    assert "UNREADABLE C-2001" in err and "3 left" in err
    assert await wrapped_key(redis, "C-2001") == before
    assert not await redis.exists(pii_key("C-2004"))


async def test_an_erasure_during_the_rewrap_is_not_undone(
    redis: aioredis.Redis, kept_under_old_key: None
) -> None:
    """The check-and-set replaces a key only if it is still the one read: a DEL wins."""
    swap = redis.register_script(SWAP_IF_UNCHANGED)
    read = await wrapped_key(redis, "C-2001")
    assert read is not None
    await redis.delete(pii_key("C-2001"))  # erased between the read and the write
    assert await swap(keys=[pii_key("C-2001")], args=[read, b"new"]) == 0
    assert not await redis.exists(pii_key("C-2001"))
