"""API keys as a trust boundary: keyed hashes in records the server authenticates.

Whoever can write to Redis (an ERP's connector, a leaked service password) must not become
an admin by it: a record written without the server secret, or moved, or edited, is
refused (and logged); the stored field is an HMAC of the key, never the key or a plain
hash of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated

import httpx
import pytest
import redis.asyncio as aioredis
from fastapi import Depends, FastAPI
from structlog.testing import capture_logs

from shared.infra import keys
from shared.infra.api_keys import KeyBook, KeyRing, Principal, Role, looks_like_a_key
from shared.infra.runtime import check_no_development_secrets
from shared.infra.settings import Settings
from shared.web.auth import require_roles
from shared.web.state import attach_key_book

SECRET = "a-server-secret-of-at-least-32-characters"


def guarded_app(book: KeyBook) -> FastAPI:
    app = FastAPI()
    attach_key_book(app, book)

    @app.post("/promises")
    async def record_promise(
        who: Annotated[Principal, Depends(require_roles(Role.COLLECTOR))],
    ) -> dict[str, str]:
        return {"recorded_by": who.name, "role": who.role}

    @app.get("/contacts")
    async def contacts(
        who: Annotated[Principal, Depends(require_roles(Role.INTERNAL, admin=False))],
    ) -> dict[str, str]:
        return {"read_by": who.name}

    return app


@pytest.fixture
def book(redis: aioredis.Redis) -> KeyBook:
    return KeyBook(redis, KeyRing(SECRET))


@pytest.fixture
async def client(book: KeyBook) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=guarded_app(book))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def dump_everything(redis: aioredis.Redis) -> bytes:
    parts: list[bytes] = []
    async for key in redis.scan_iter():
        parts.append(key)
        for field, value in (await redis.hgetall(key)).items():
            parts += [field, value]
    return b"\n".join(parts)


async def test_a_key_is_random_and_stored_only_as_a_keyed_hash_in_a_signed_record(
    redis: aioredis.Redis, book: KeyBook
) -> None:
    key = await book.create("li.na", Role.COLLECTOR)
    other = await book.create("li.na", Role.COLLECTOR)

    assert key.startswith("hk_") and len(key) >= 3 + 43 and key != other  # 32 random bytes
    stored = await dump_everything(redis)
    assert key.encode() not in stored
    assert hashlib.sha256(key.encode()).hexdigest().encode() not in stored  # not a plain hash
    assert KeyRing(SECRET).digest(key).encode() in stored
    assert await book.lookup(key) == Principal(name="li.na", role=Role.COLLECTOR)


async def test_a_record_forged_by_a_redis_writer_is_refused_and_logged(
    redis: aioredis.Redis, book: KeyBook, client: httpx.AsyncClient
) -> None:
    """What main allowed: HSET a record under the SHA-256 of a key you chose, as admin."""
    chosen = "hk_" + "A" * 43
    record = {"name": "intruder", "role": "admin", "created_at": datetime.now(UTC).isoformat()}
    forged = {**record, "mac": "0" * 64}
    await redis.hset(keys.API_KEYS, hashlib.sha256(chosen.encode()).hexdigest(), json.dumps(record))
    await redis.hset(keys.API_KEYS, KeyRing("someone-elses-secret-" * 2).digest(chosen), "{}")
    await redis.hset(keys.API_KEYS, KeyRing(SECRET).digest(chosen), json.dumps(forged))

    with capture_logs() as logs:
        answer = await client.post("/promises", headers={"X-API-Key": chosen})

    assert answer.status_code == 401
    assert [e["event"] for e in logs] == ["api_key_record_refused"]
    assert chosen not in json.dumps(logs)
    assert len(await book.unverified()) == 3 and await book.listing() == {}


async def test_a_real_record_moved_to_another_key_or_edited_does_not_verify(
    redis: aioredis.Redis, book: KeyBook
) -> None:
    admin = await book.create("root", Role.ADMIN)
    mine = await book.create("li.na", Role.COLLECTOR)
    ring = KeyRing(SECRET)
    admin_record = await redis.hget(keys.API_KEYS, ring.digest(admin))
    mine_record = json.loads(await redis.hget(keys.API_KEYS, ring.digest(mine)))

    await redis.hset(keys.API_KEYS, ring.digest(mine), admin_record)  # copy admin's onto mine
    assert await book.lookup(mine) is None
    promoted = json.dumps({**mine_record, "role": "admin"})
    await redis.hset(keys.API_KEYS, ring.digest(mine), promoted)  # edit the role in place
    assert await book.lookup(mine) is None
    assert await book.lookup(admin) == Principal(name="root", role=Role.ADMIN)


async def test_records_made_with_another_secret_do_not_open_here(
    redis: aioredis.Redis, book: KeyBook
) -> None:
    elsewhere = KeyBook(redis, KeyRing("another-installations-secret-0123456789"))
    key = await elsewhere.create("root", Role.ADMIN)
    assert await book.lookup(key) is None


@pytest.mark.parametrize(
    "presented", ["", "hk_short", "not-a-key", "hk_" + "é" * 43, "hk_" + "a" * 500]
)
async def test_a_key_of_the_wrong_shape_is_unknown_without_asking_redis(presented: str) -> None:
    assert not looks_like_a_key(presented)


async def test_a_request_without_a_key_is_unauthorized(client: httpx.AsyncClient) -> None:
    response = await client.post("/promises")
    assert response.status_code == 401


async def test_an_unknown_key_is_unauthorized(client: httpx.AsyncClient) -> None:
    response = await client.post("/promises", headers={"X-API-Key": "hk_not-a-real-key"})
    assert response.status_code == 401


async def test_an_auditor_may_not_record_promises(client: httpx.AsyncClient, book: KeyBook) -> None:
    key = await book.create("audit", Role.AUDITOR)
    response = await client.post("/promises", headers={"X-API-Key": key})
    assert response.status_code == 403
    assert response.json() == {"detail": "role auditor not allowed"}


async def test_a_collector_may_and_is_recorded_as_the_actor(
    client: httpx.AsyncClient, book: KeyBook
) -> None:
    key = await book.create("li.na", Role.COLLECTOR)
    response = await client.post("/promises", headers={"X-API-Key": key})
    assert response.status_code == 200
    assert response.json() == {"recorded_by": "li.na", "role": "collector"}


async def test_an_admin_passes_every_role_check_with_a_bearer_token_but_the_internal_one(
    client: httpx.AsyncClient, book: KeyBook
) -> None:
    key = await book.create("root", Role.ADMIN)
    headers = {"Authorization": f"Bearer {key}"}
    response = await client.post("/promises", headers=headers)
    assert response.status_code == 200 and response.json()["recorded_by"] == "root"
    assert (await client.get("/contacts", headers=headers)).status_code == 403


async def test_a_revoked_key_is_unauthorized(client: httpx.AsyncClient, book: KeyBook) -> None:
    key = await book.create("li.na", Role.COLLECTOR)
    assert await book.revoke(key)
    response = await client.post("/promises", headers={"X-API-Key": key})
    assert response.status_code == 401
    assert not await book.revoke(key)


async def test_rotating_the_internal_key_revokes_every_earlier_one(
    client: httpx.AsyncClient, book: KeyBook
) -> None:
    first = await book.rotate_internal()
    second = await book.rotate_internal()

    assert (await client.get("/contacts", headers={"X-API-Key": first})).status_code == 401
    answer = await client.get("/contacts", headers={"X-API-Key": second})
    assert answer.status_code == 200 and answer.json() == {"read_by": "internal"}
    internal = [r for r in (await book.listing()).values() if r.role is Role.INTERNAL]
    assert len(internal) == 1


async def test_a_rotation_may_leave_the_previous_internal_key_working_for_a_while(
    redis: aioredis.Redis,
) -> None:
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    book = KeyBook(redis, KeyRing(SECRET), now=lambda: now)
    first = await book.rotate_internal()
    second = await book.rotate_internal(previous_valid_for=timedelta(minutes=10))

    assert await book.lookup(first) is not None and await book.lookup(second) is not None
    later = KeyBook(redis, KeyRing(SECRET), now=lambda: now + timedelta(minutes=10))
    assert await later.lookup(first) is None
    assert await later.lookup(second) == Principal(name="internal", role=Role.INTERNAL)


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_public_development_secrets_are_refused_in_staging_and_production(
    environment: str,
) -> None:
    dev = "dev-only-api-key-secret-0123456789abcdef"
    settings = Settings(environment=environment, api_key_secret=dev)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="HUIKUAN_API_KEY_SECRET"):
        check_no_development_secrets(settings)
    check_no_development_secrets(Settings(environment="development", api_key_secret=dev))
