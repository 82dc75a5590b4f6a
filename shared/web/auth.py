"""API keys with roles, stored only as SHA-256 digests in one Redis hash.

The hash at :data:`shared.infra.keys.API_KEYS` maps ``sha256(key)`` to a JSON
:class:`ApiKeyRecord`. The plaintext key is returned once by :func:`create_api_key` and
never stored. Routes guard themselves with :func:`require_roles` and receive the
:class:`Principal`, so that writes by people record who made them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import redis.asyncio as aioredis
from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.infra import keys
from shared.web.state import NotWired, redis_of

KEY_PREFIX = "hk_"


class Role(StrEnum):
    """What a caller may do. ``admin`` passes every role check."""

    ADMIN = "admin"
    COLLECTOR = "collector"
    AUDITOR = "auditor"
    INTEGRATION = "integration"


class Principal(BaseModel):
    """The authenticated caller: the key's name and role."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role


class ApiKeyRecord(BaseModel):
    """What is stored for one key (under its digest)."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role
    created_at: AwareDatetime


MIN_PROVISIONED_KEY_LENGTH = 24


def hash_key(key: str) -> str:
    """SHA-256 hex digest of a plaintext key (keys are random, so no salt is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


async def create_api_key(
    redis: aioredis.Redis, name: str, role: Role, *, now: datetime | None = None
) -> str:
    """Create a key for ``name`` with ``role``; the returned plaintext is never shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKeyRecord(name=name, role=Role(role), created_at=now or datetime.now(UTC))
    await redis.hset(keys.API_KEYS, hash_key(key), record.model_dump_json())
    return key


async def provision_api_key(
    redis: aioredis.Redis, name: str, key: str, role: Role, *, now: datetime | None = None
) -> bool:
    """Register a key chosen by the deployment (a secret in its environment), once.

    Used for the services' internal key: every service knows it from
    ``HUIKUAN_INTERNAL_API_KEY``, so none has to wait for an operator to create it.
    An existing record is never replaced. True when the key was new.
    """
    if len(key) < MIN_PROVISIONED_KEY_LENGTH:
        raise ValueError(
            f"a provisioned API key needs at least {MIN_PROVISIONED_KEY_LENGTH} characters"
        )
    record = ApiKeyRecord(name=name, role=Role(role), created_at=now or datetime.now(UTC))
    added: int = await redis.hsetnx(keys.API_KEYS, hash_key(key), record.model_dump_json())
    return added == 1


async def revoke_api_key(redis: aioredis.Redis, key_or_hash: str) -> bool:
    """Revoke by plaintext key or by full digest. True when a key was removed."""
    digest = hash_key(key_or_hash) if key_or_hash.startswith(KEY_PREFIX) else key_or_hash
    removed: int = await redis.hdel(keys.API_KEYS, digest)
    return removed > 0


async def list_api_keys(redis: aioredis.Redis) -> dict[str, ApiKeyRecord]:
    """All keys as ``{digest: record}``, oldest first."""
    raw: dict[Any, Any] = await redis.hgetall(keys.API_KEYS)
    records = {_text(h): ApiKeyRecord.model_validate_json(v) for h, v in raw.items()}
    return dict(sorted(records.items(), key=lambda item: item[1].created_at))


async def lookup(redis: aioredis.Redis, key: str) -> Principal | None:
    """The principal owning ``key``, or None for an unknown or revoked key."""
    raw = await redis.hget(keys.API_KEYS, hash_key(key))
    if raw is None:
        return None
    record = ApiKeyRecord.model_validate_json(raw)
    return Principal(name=record.name, role=record.role)


_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


def require_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """FastAPI dependency admitting callers whose key has one of ``roles`` (or admin).

    The key comes from ``X-API-Key`` or ``Authorization: Bearer``; Redis from
    the app's (``shared.web.state.redis_of``). Missing/unknown key: 401; role not allowed: 403.
    """
    allowed = frozenset(roles) | {Role.ADMIN}

    async def authenticate(
        request: Request,
        api_key: Annotated[str | None, Security(_api_key_header)],
        bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    ) -> Principal:
        key = api_key or (bearer.credentials if bearer else None)
        if not key:
            raise _unauthorized("missing API key")
        redis = redis_of(request)
        if redis is None:
            raise NotWired("no Redis client is attached to this app")
        principal = await lookup(redis, key)
        if principal is None:
            raise _unauthorized("unknown API key")
        if principal.role not in allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {principal.role} not allowed")
        request.state.principal = principal
        return principal

    return authenticate


# Who may call a route: the role sets the services' APIs use (``admin`` passes each).
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Auditor = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]
Collector = Annotated[Principal, Depends(require_roles(Role.COLLECTOR))]
Integration = Annotated[Principal, Depends(require_roles(Role.INTEGRATION))]
Reader = Annotated[Principal, Depends(require_roles(Role.COLLECTOR, Role.AUDITOR))]
"""People who read debtors, invoices and notifications: collectors and auditors."""
Recorder = Annotated[Principal, Depends(require_roles(Role.INTEGRATION, Role.COLLECTOR))]
"""Who records what happened outside (a payment, a consent, a receipt): systems and people;
the key's name is kept as who did it."""
