"""The services' API keys, issued and revoked the way ``huikuan keys`` does it.

Each console account gets a key of its own role named ``console:<username>``, so the
services name the person in every event a write through the console makes. The keys
page lists, creates and revokes keys with the same functions.
"""

from __future__ import annotations

from redis.asyncio import Redis

from services.console.domain.accounts import PersonRole
from shared.web.auth import ApiKeyRecord, Role, create_api_key, list_api_keys, revoke_api_key


class ApiKeys:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def issue(self, name: str, role: PersonRole | str) -> str:
        return await create_api_key(self.redis, name, Role(role))

    async def revoke(self, key: str) -> None:
        await revoke_api_key(self.redis, key)

    async def listing(self) -> dict[str, ApiKeyRecord]:
        return await list_api_keys(self.redis)
