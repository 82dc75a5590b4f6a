"""Small Redis structures of the notifications service: send leases and the debtor index.

Both hold ids only (request, channel, contact, customer), never a name or an address.
"""

from __future__ import annotations

import redis.asyncio as aioredis

LEASE_PREFIX = "notifications:sending:"
INDEX_PREFIX = "notifications:requests-of:"


class RedisInFlight:
    """``SET NX PX``: a crashed worker's lease expires by itself."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def hold(self, key: str, ttl_ms: int) -> bool:
        return bool(await self.redis.set(LEASE_PREFIX + key, b"1", nx=True, px=ttl_ms))

    async def release(self, key: str) -> None:
        await self.redis.delete(LEASE_PREFIX + key)


class RedisRequestIndex:
    """One set per debtor of the notification request ids that concern it."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def add(self, customer_id: str, request_id: str) -> None:
        await self.redis.sadd(INDEX_PREFIX + customer_id, request_id)

    async def requests_of(self, customer_id: str) -> list[str]:
        members = await self.redis.smembers(INDEX_PREFIX + customer_id)
        return sorted(m.decode() if isinstance(m, bytes) else str(m) for m in members)
