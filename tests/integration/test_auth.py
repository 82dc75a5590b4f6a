from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
import redis.asyncio as aioredis
from fastapi import Depends, FastAPI

from shared.infra import keys
from shared.infra.runtime import check_internal_key_is_a_secret
from shared.infra.settings import Settings
from shared.web.auth import (
    Principal,
    Role,
    create_api_key,
    lookup,
    provision_api_key,
    require_roles,
    revoke_api_key,
)


def guarded_app(redis: aioredis.Redis) -> FastAPI:
    app = FastAPI()
    app.state.redis = redis

    @app.post("/promises")
    async def record_promise(
        who: Annotated[Principal, Depends(require_roles(Role.COLLECTOR))],
    ) -> dict[str, str]:
        return {"recorded_by": who.name, "role": who.role}

    return app


@pytest.fixture
async def client(redis: aioredis.Redis) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=guarded_app(redis))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def dump_everything(redis: aioredis.Redis) -> bytes:
    parts: list[bytes] = []
    async for key in redis.scan_iter():
        parts.append(key)
        if await redis.type(key) == b"hash":
            for field, value in (await redis.hgetall(key)).items():
                parts += [field, value]
        else:
            parts.append(repr(await redis.dump(key)).encode())
    return b"\n".join(parts)


async def test_a_created_key_is_stored_only_as_its_sha256(redis: aioredis.Redis) -> None:
    key = await create_api_key(redis, "li.na", Role.COLLECTOR)

    assert key.startswith("hk_")
    assert key.encode() not in await dump_everything(redis)
    digest = hashlib.sha256(key.encode()).hexdigest()
    assert await redis.hkeys(keys.API_KEYS) == [digest.encode()]
    assert await lookup(redis, key) == Principal(name="li.na", role=Role.COLLECTOR)


async def test_a_request_without_a_key_is_unauthorized(client: httpx.AsyncClient) -> None:
    response = await client.post("/promises")
    assert response.status_code == 401


async def test_an_unknown_key_is_unauthorized(client: httpx.AsyncClient) -> None:
    response = await client.post("/promises", headers={"X-API-Key": "hk_not-a-real-key"})
    assert response.status_code == 401


async def test_an_auditor_may_not_record_promises(
    client: httpx.AsyncClient, redis: aioredis.Redis
) -> None:
    key = await create_api_key(redis, "audit", Role.AUDITOR)
    response = await client.post("/promises", headers={"X-API-Key": key})
    assert response.status_code == 403


async def test_a_collector_may_and_is_recorded_as_the_actor(
    client: httpx.AsyncClient, redis: aioredis.Redis
) -> None:
    key = await create_api_key(redis, "li.na", Role.COLLECTOR)
    response = await client.post("/promises", headers={"X-API-Key": key})
    assert response.status_code == 200
    assert response.json() == {"recorded_by": "li.na", "role": "collector"}


async def test_an_admin_passes_every_role_check_with_a_bearer_token(
    client: httpx.AsyncClient, redis: aioredis.Redis
) -> None:
    key = await create_api_key(redis, "root", Role.ADMIN)
    response = await client.post("/promises", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["recorded_by"] == "root"


async def test_a_revoked_key_is_unauthorized(
    client: httpx.AsyncClient, redis: aioredis.Redis
) -> None:
    key = await create_api_key(redis, "li.na", Role.COLLECTOR)
    assert await revoke_api_key(redis, key)
    response = await client.post("/promises", headers={"X-API-Key": key})
    assert response.status_code == 401
    assert not await revoke_api_key(redis, key)


async def test_a_provisioned_key_is_registered_once_and_never_replaced(
    redis: aioredis.Redis,
) -> None:
    key = "deployment-secret-" + "x" * 20
    assert await provision_api_key(redis, "internal", key, Role.INTEGRATION) is True
    assert await provision_api_key(redis, "other", key, Role.ADMIN) is False
    principal = await lookup(redis, key)
    assert principal is not None and (principal.name, principal.role) == (
        "internal",
        Role.INTEGRATION,
    )


async def test_a_short_provisioned_key_is_refused(redis: aioredis.Redis) -> None:
    with pytest.raises(ValueError, match="at least 24"):
        await provision_api_key(redis, "internal", "short", Role.INTEGRATION)
    assert await lookup(redis, "short") is None


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_the_development_internal_key_is_refused_in_staging_and_production(
    environment: str,
) -> None:
    settings = Settings(
        environment=environment, internal_api_key="dev-only-internal-key-0f3c9a7e5b"
    )
    with pytest.raises(RuntimeError, match="development default"):
        check_internal_key_is_a_secret(settings)
    check_internal_key_is_a_secret(
        Settings(environment="development", internal_api_key=settings.internal_api_key)
    )
