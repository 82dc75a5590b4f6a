"""The customer directory in Redis: ids in a sorted set (lexicographic), entries in a hash.

An entry is written only when its version is newer than the stored one (one Lua script),
so two processes writing the same customer in any order keep the newest.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from services.customers.application.directory import (
    DirectoryEntry,
    DirectoryFilter,
    Page,
)
from shared.infra import keys

# One hash tag for the three: one script writes them together (one Redis Cluster slot).
IDS_KEY = f"{keys.PREFIX}:customers:{{directory}}:ids"
ENTRY_KEY = f"{keys.PREFIX}:customers:{{directory}}:entries"
VERSION_KEY = f"{keys.PREFIX}:customers:{{directory}}:versions"
CHUNK = 500

_PUT_LUA = """
local known = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if known >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], 0, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
"""


class RedisDirectoryStore:
    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis
        self._put = redis.register_script(_PUT_LUA)

    async def put(self, entry: DirectoryEntry) -> None:
        args: list[str | int] = [entry.customer_id, entry.version, entry.model_dump_json()]
        await self._put(keys=[IDS_KEY, ENTRY_KEY, VERSION_KEY], args=args)

    async def page(self, where: DirectoryFilter, after: str | None, limit: int) -> Page:
        found: list[DirectoryEntry] = []
        start = f"({after}" if after else "-"
        while len(found) <= limit:
            ids = await self.redis.zrangebylex(IDS_KEY, start, "+", start=0, num=CHUNK)
            if not ids:
                break
            raw = await self.redis.hmget(ENTRY_KEY, ids)
            entries = (DirectoryEntry.model_validate_json(r) for r in raw if r)
            found += [e for e in entries if where.matches(e)]
            last = ids[-1]
            start = f"({last.decode() if isinstance(last, bytes) else last}"
        more = len(found) > limit
        shown = tuple(found[:limit])
        return Page(customers=shown, next_after=shown[-1].customer_id if more else None)

    async def drop(self) -> None:
        await self.redis.delete(IDS_KEY, ENTRY_KEY, VERSION_KEY)

    async def customer_ids(self) -> list[str]:
        """Every customer with a stream in the event store (SCAN, never KEYS)."""
        found = [k.decode() async for k in self.redis.scan_iter(match="hk:*:es:customer:*")]
        return sorted(key.split(":es:customer:", 1)[1] for key in found)
