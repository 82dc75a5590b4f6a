"""Small Redis structures of the notifications service: send leases and the debtor index.

Both hold ids only (request, channel, contact, customer), never a name or an address.
"""

from __future__ import annotations

import json
from datetime import datetime

import redis.asyncio as aioredis

from shared.kernel.time import to_epoch_ms

LEASE_PREFIX = "notifications:sending:"
INDEX_PREFIX = "notifications:requests-of:"
TIMELINE_PREFIX = "notifications:timeline-of:"
HANDED_PREFIX = "notifications:handed:"


class RedisInFlight:
    """``SET NX PX``: a crashed worker's lease expires by itself."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def hold(self, key: str, ttl_ms: int) -> bool:
        return bool(await self.redis.set(LEASE_PREFIX + key, b"1", nx=True, px=ttl_ms))

    async def release(self, key: str) -> None:
        await self.redis.delete(LEASE_PREFIX + key)


class RedisHandoffs:
    """``SET notifications:handed:<claim key>`` with the provider's answer and its time, kept
    long enough for any restart to find it (ids and the provider's words, no address)."""

    def __init__(self, redis: aioredis.Redis, keep_s: int = 30 * 24 * 3600) -> None:
        self.redis, self.keep_s = redis, keep_s

    async def record(self, key: str, result: str, at: datetime) -> None:
        value = json.dumps({"result": result, "at": at.isoformat()})
        await self.redis.set(HANDED_PREFIX + key, value, ex=self.keep_s)

    async def taken(self, key: str) -> tuple[str, datetime] | None:
        raw = await self.redis.get(HANDED_PREFIX + key)
        if raw is None:
            return None
        found = json.loads(raw)
        return str(found["result"]), datetime.fromisoformat(found["at"])


class RedisRequestIndex:
    """Per debtor, the notification request ids that concern it: a set (every id ever, the
    evidence export) and a sorted set by request time (the paged list, newest first)."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def add(self, customer_id: str, request_id: str, at: datetime) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.sadd(INDEX_PREFIX + customer_id, request_id)
            pipe.zadd(TIMELINE_PREFIX + customer_id, {request_id: to_epoch_ms(at)}, nx=True)
            await pipe.execute()

    async def page_of(self, customer_id: str, offset: int, limit: int) -> tuple[list[str], int]:
        key = TIMELINE_PREFIX + customer_id
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zrevrange(key, offset, offset + limit - 1)
            pipe.zcard(key)
            members, total = await pipe.execute()
        return [m.decode() if isinstance(m, bytes) else str(m) for m in members], int(total)

    async def requests_of(self, customer_id: str) -> list[str]:
        members = await self.redis.smembers(INDEX_PREFIX + customer_id)
        return sorted(m.decode() if isinstance(m, bytes) else str(m) for m in members)
