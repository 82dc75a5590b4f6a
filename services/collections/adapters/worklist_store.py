"""The worklist projection in Redis: a sorted set by score and a hash of entries.

An entry is written only when its debtor version is newer than the stored one (one Lua
script), so two replicas updating the same debtor in any order keep the newest.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter
from redis.asyncio import Redis

from services.collections.application.worklist import TaskLine, WorklistEntry
from services.collections.domain.model import OpenTask

_TASKS = TypeAdapter(list[OpenTask])

RANK_KEY = "hk:collections:worklist:rank"
ENTRY_KEY = "hk:collections:worklist:entries"
VERSION_KEY = "hk:collections:worklist:versions"
TASKS_KEY = "hk:collections:tasks:open"  # customer id -> its open tasks (JSON), none: absent

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
if ARGV[5] == '' then
  redis.call('HDEL', KEYS[4], ARGV[1])
else
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[5])
end
return 1
"""


class RedisWorklistStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._put = redis.register_script(_PUT_LUA)

    async def put(
        self, customer_id: str, entry: WorklistEntry | None, version: int,
        tasks: Sequence[OpenTask] = (),
    ) -> None:  # fmt: skip
        payload = entry.model_dump_json() if entry else ""
        score = entry.score if entry else 0
        open_tasks = _TASKS.dump_json(list(tasks)).decode() if tasks else ""
        await self._put(
            keys=[RANK_KEY, ENTRY_KEY, VERSION_KEY, TASKS_KEY],
            args=[customer_id, version, payload, score, open_tasks],
        )

    async def tasks(self) -> list[TaskLine]:
        lines: list[TaskLine] = []
        for customer_id, raw in (await self.redis.hgetall(TASKS_KEY)).items():
            for task in _TASKS.validate_json(raw):
                lines.append(TaskLine(customer_id=customer_id.decode(), **task.model_dump()))
        return lines

    async def drop(self) -> None:
        """Forget the projection (it is rebuilt from the debtors' streams)."""
        await self.redis.delete(RANK_KEY, ENTRY_KEY, VERSION_KEY, TASKS_KEY)

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
