"""The worklist projection in Redis: a sorted set by score and a hash of entries.

An entry is written only when its debtor version is newer than the stored one (one Lua
script), so two replicas updating the same debtor in any order keep the newest.
"""

from __future__ import annotations

from redis.asyncio import Redis

from services.collections.application.worklist import WorklistEntry

# One hash tag for the three: the script below writes them together (one Cluster slot).
RANK_KEY = "hk:collections:{worklist}:rank"
ENTRY_KEY = "hk:collections:{worklist}:entries"
VERSION_KEY = "hk:collections:{worklist}:versions"

_PUT_LUA = """
local known = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if known >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
end
return 1
"""


class RedisWorklistStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._put = redis.register_script(_PUT_LUA)

    async def put(self, customer_id: str, entry: WorklistEntry | None, version: int) -> None:
        payload = entry.model_dump_json() if entry else ""
        score = entry.score if entry else 0
        await self._put(
            keys=[RANK_KEY, ENTRY_KEY, VERSION_KEY], args=[customer_id, version, payload, score]
        )

    async def drop(self) -> None:
        """Forget the projection (it is rebuilt from the debtors' streams)."""
        await self.redis.delete(RANK_KEY, ENTRY_KEY, VERSION_KEY)

    async def debtor_ids(self) -> list[str]:
        """Every debtor with a stream in the event store (SCAN, never KEYS)."""
        found = [key.decode() async for key in self.redis.scan_iter(match="hk:*:es:debtor:*")]
        return sorted(key.split(":es:debtor:", 1)[1] for key in found)

    async def window(self, offset: int, limit: int) -> tuple[int, list[WorklistEntry]]:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zcard(RANK_KEY)
            pipe.zrevrange(RANK_KEY, offset, offset + limit - 1)
            total, ids = await pipe.execute()
        if not ids:
            return int(total), []
        raw = await self.redis.hmget(ENTRY_KEY, ids)
        return int(total), [WorklistEntry.model_validate_json(r) for r in raw if r]

    async def ranked(self) -> list[WorklistEntry]:
        ids = await self.redis.zrevrange(RANK_KEY, 0, -1)
        if not ids:
            return []
        raw = await self.redis.hmget(ENTRY_KEY, ids)
        return [WorklistEntry.model_validate_json(r) for r in raw if r]
