"""API keys: random ``hk_`` keys, kept as keyed hashes in records the server authenticates.

Redis is a trust boundary: whoever can write to it must not thereby become an admin. So
the hash :data:`shared.infra.keys.API_KEYS` maps ``HMAC-SHA-256(k1, key)`` (never the key)
to a JSON record (name, role, creation, optional expiry) carrying
``HMAC-SHA-256(k2, digest ‖ record)``; ``k1`` and ``k2`` are derived from the server-side
secret ``HUIKUAN_API_KEY_SECRET`` that only the processes hold. Without the secret nobody
can compute the field a key would be stored under, nor sign a record; a record moved to
another field, edited, or written by hand does not verify and is refused (and logged).

Keys are made here only: ``hk_`` + 32 random bytes (URL-safe base64). The plaintext is
returned once and never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import redis.asyncio as aioredis
import structlog
from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from shared.infra import keys
from shared.infra.local_secrets import DEPLOYED, local_secret, local_secret_path
from shared.infra.settings import Settings

log = structlog.get_logger("auth")

KEY_PREFIX = "hk_"
KEY_ENTROPY_BYTES = 32
_KEY_SHAPE = re.compile(r"hk_[A-Za-z0-9_-]{43,200}")
INTERNAL_KEY_NAME = "internal"
SECRET_FILE_NAME = "api-key-secret"


class Role(StrEnum):
    """What a caller may do. ``admin`` passes every role check but ``internal``'s."""

    ADMIN = "admin"
    COLLECTOR = "collector"
    AUDITOR = "auditor"
    INTEGRATION = "integration"
    INTERNAL = "internal"
    """The services calling each other (the only role that reads contact details)."""


class Principal(BaseModel):
    """The authenticated caller: the key's name and role."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: Role


class ApiKeyRecord(BaseModel):
    """What is stored for one key (under its keyed digest), authenticated by the server."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: Role
    created_at: AwareDatetime
    expires_at: AwareDatetime | None = None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


class KeySecretMissing(RuntimeError):
    """Staging and production need ``HUIKUAN_API_KEY_SECRET`` (or ``…_FILE``)."""


def api_key_secret(settings: Settings) -> str:
    """The secret authenticating key records: the setting, or outside staging and
    production a random one made once for this installation under ``var_dir``."""
    if settings.api_key_secret:
        return settings.api_key_secret
    if settings.environment in DEPLOYED:
        raise KeySecretMissing(
            f"HUIKUAN_API_KEY_SECRET (or HUIKUAN_API_KEY_SECRET_FILE) is not set; "
            f"{settings.environment} needs its own (e.g. `openssl rand -hex 32`)"
        )
    path = local_secret_path(settings.var_dir, SECRET_FILE_NAME)
    return local_secret(path, lambda: secrets.token_hex(32))


def new_key() -> str:
    """A fresh random key: ``hk_`` and 32 random bytes."""
    return KEY_PREFIX + secrets.token_urlsafe(KEY_ENTROPY_BYTES)


def looks_like_a_key(text: str) -> bool:
    """Whether ``text`` has the shape of a key this module makes (ASCII, bounded)."""
    return _KEY_SHAPE.fullmatch(text) is not None


class KeyRing:
    """The two keys derived from the server secret: one hashes keys, one signs records."""

    def __init__(self, secret: str) -> None:
        root = secret.encode()
        self._digest_key = hmac.new(root, b"huikuan/api-key/digest/v1", hashlib.sha256).digest()
        self._record_key = hmac.new(root, b"huikuan/api-key/record/v1", hashlib.sha256).digest()

    def digest(self, key: str) -> str:
        return hmac.new(self._digest_key, key.encode(), hashlib.sha256).hexdigest()

    def _mac(self, digest: str, body: dict[str, Any]) -> str:
        text = digest + "\n" + json.dumps(body, sort_keys=True, separators=(",", ":"))
        return hmac.new(self._record_key, text.encode(), hashlib.sha256).hexdigest()

    def seal(self, digest: str, record: ApiKeyRecord) -> str:
        body = record.model_dump(mode="json")
        return json.dumps({**body, "mac": self._mac(digest, body)}, sort_keys=True)

    def open(self, digest: str, raw: bytes | str) -> ApiKeyRecord | None:
        """The record stored under ``digest``, or None when it does not verify."""
        try:
            body = json.loads(raw)
            given = body.pop("mac", None) if isinstance(body, dict) else None
            if not isinstance(given, str) or not hmac.compare_digest(
                self._mac(digest, body), given
            ):
                return None
            return ApiKeyRecord.model_validate(body)
        except (ValueError, TypeError, ValidationError):
            return None


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _system_now() -> datetime:
    return datetime.now(UTC)


class KeyBook:
    """The API keys of one installation: made, looked up, listed, revoked, rotated."""

    def __init__(
        self, redis: aioredis.Redis, ring: KeyRing, now: Callable[[], datetime] = _system_now
    ) -> None:
        self.redis, self.ring, self.now = redis, ring, now

    async def create(self, name: str, role: Role) -> str:
        """Make a key for ``name`` with ``role``; the returned plaintext is never shown again."""
        key = new_key()
        digest = self.ring.digest(key)
        record = ApiKeyRecord(name=name, role=Role(role), created_at=self.now())
        await self.redis.hset(keys.API_KEYS, digest, self.ring.seal(digest, record))
        return key

    async def lookup(self, key: str) -> Principal | None:
        """The principal owning ``key``; None for an unknown, expired or forged record."""
        if not looks_like_a_key(key):
            return None
        digest = self.ring.digest(key)
        raw = await self.redis.hget(keys.API_KEYS, digest)
        if raw is None:
            return None
        record = self.ring.open(digest, raw)
        if record is None:
            log.warning("api_key_record_refused", digest=digest[:12],
                        reason="the record does not verify with the server secret")  # fmt: skip
            return None
        if record.expired(self.now()):
            return None
        return Principal(name=record.name, role=record.role)

    async def _all(self) -> dict[str, ApiKeyRecord | None]:
        raw: dict[Any, Any] = await self.redis.hgetall(keys.API_KEYS)
        return {_text(d): self.ring.open(_text(d), value) for d, value in raw.items()}

    async def listing(self) -> dict[str, ApiKeyRecord]:
        """Every record that verifies, as ``{digest: record}``, oldest first."""
        found = {d: r for d, r in (await self._all()).items() if r is not None}
        return dict(sorted(found.items(), key=lambda item: item[1].created_at))

    async def unverified(self) -> list[str]:
        """Digests of records that do not verify (written by someone without the secret)."""
        return sorted(d for d, r in (await self._all()).items() if r is None)

    async def revoke(self, key_or_digest: str) -> bool:
        """Revoke by plaintext key or by full digest. True when a record was removed."""
        is_key = key_or_digest.startswith(KEY_PREFIX)
        digest = self.ring.digest(key_or_digest) if is_key else key_or_digest
        removed: int = await self.redis.hdel(keys.API_KEYS, digest)
        return removed > 0

    async def replace(
        self, name: str, role: Role, previous_valid_for: timedelta = timedelta(0)
    ) -> str:
        """A new key for ``name``; every earlier key of that name (or, for the internal
        role, every earlier internal key) is revoked — at once, or after
        ``previous_valid_for`` so the processes using it can move to the new one."""
        key = await self.create(name, role)
        keep = self.ring.digest(key)
        now = self.now()
        async with self.redis.pipeline(transaction=True) as pipe:
            for digest, record in (await self._all()).items():
                if digest == keep or record is None:
                    continue
                also_internal = role is Role.INTERNAL and record.role is Role.INTERNAL
                if record.name != name and not also_internal:
                    continue
                if previous_valid_for > timedelta(0) and not record.expired(now):
                    until = now + previous_valid_for
                    if record.expires_at is None or record.expires_at > until:
                        record = record.model_copy(update={"expires_at": until})
                    pipe.hset(keys.API_KEYS, digest, self.ring.seal(digest, record))
                else:
                    pipe.hdel(keys.API_KEYS, digest)
            await pipe.execute()
        return key

    async def rotate_internal(self, previous_valid_for: timedelta = timedelta(0)) -> str:
        """A new key for the services' calls to each other; the previous ones revoked."""
        return await self.replace(INTERNAL_KEY_NAME, Role.INTERNAL, previous_valid_for)


def key_book(redis: aioredis.Redis, settings: Settings) -> KeyBook:
    """The installation's key book on ``redis`` (refused without the server secret)."""
    return KeyBook(redis, KeyRing(api_key_secret(settings)))
