"""The worklist projection in Redis: per partition, a sorted set by score, a hash of entries,
a hash of the debtor version each entry reflects and a hash of each debtor's open tasks.

The keys carry the partition's hash tag, so the event store's append script writes a
debtor's row in the same atomic step as its events (``worklist_row``; Cluster-safe: one
slot). A row is written only when its debtor version is newer than the stored one, so a
rebuild and live appends, or two replicas, converge on the newest. Reads merge the
partitions: the first page reads ``offset + limit`` members of each.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Sequence

from pydantic import TypeAdapter
from redis.asyncio import Redis

from services.collections.application.worklist import TaskLine, WorklistEntry, entry_for
from services.collections.domain.book import PolicyBook
from services.collections.domain.model import Debtor, OpenTask
from shared.infra import keys
from shared.infra.eventstore import ProjectionWrite

SERVICE = "collections"
_TASKS = TypeAdapter(list[OpenTask])

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


def rank_key(partition: int) -> str:
    return keys.partition_projection(partition, SERVICE, "worklist:rank")


def entries_key(partition: int) -> str:
    return keys.partition_projection(partition, SERVICE, "worklist:entries")


def versions_key(partition: int) -> str:
    return keys.partition_projection(partition, SERVICE, "worklist:versions")


def tasks_key(partition: int) -> str:
    """Customer id → its open tasks (JSON); a debtor with none is absent."""
    return keys.partition_projection(partition, SERVICE, "tasks:open")


def _tasks_json(tasks: Sequence[OpenTask]) -> str:
    return _TASKS.dump_json(list(tasks)).decode() if tasks else ""


def worklist_row(book: PolicyBook) -> Callable[[Debtor, int, dt.datetime, int], ProjectionWrite]:
    """The debtor's worklist row for the append that brings it to ``version``."""

    def row(debtor: Debtor, version: int, now: dt.datetime, partition: int) -> ProjectionWrite:
        entry = entry_for(debtor, version, book, now)
        return ProjectionWrite(
            rank_key(partition), entries_key(partition), versions_key(partition),
            debtor.customer_id, entry.model_dump_json() if entry else "",
            entry.score if entry else 0.0, tasks_key(partition), _tasks_json(debtor.open_tasks),
        )  # fmt: skip

    return row


class RedisWorklistStore:
    def __init__(self, redis: Redis, partitions: int) -> None:
        self.redis, self.partitions = redis, partitions
        self._put = redis.register_script(_PUT_LUA)

    async def put(
        self, customer_id: str, entry: WorklistEntry | None, version: int,
        tasks: Sequence[OpenTask] = (),
    ) -> None:  # fmt: skip
        p = keys.partition_of(customer_id, self.partitions)
        payload = entry.model_dump_json() if entry else ""
        score = entry.score if entry else 0
        await self._put(
            keys=[rank_key(p), entries_key(p), versions_key(p), tasks_key(p)],
            args=[customer_id, version, payload, score, _tasks_json(tasks)],
        )

    async def tasks(self) -> list[TaskLine]:
        lines: list[TaskLine] = []
        for p in range(self.partitions):
            for customer_id, raw in (await self.redis.hgetall(tasks_key(p))).items():
                for task in _TASKS.validate_json(raw):
                    lines.append(TaskLine(customer_id=customer_id.decode(), **task.model_dump()))
        return lines

    async def drop(self) -> None:
        """Forget the projection (it is rebuilt from the debtors' streams)."""
        for p in range(self.partitions):
            await self.redis.delete(rank_key(p), entries_key(p), versions_key(p), tasks_key(p))

    async def debtor_ids(self) -> list[str]:
        """Every debtor with a stream in the event store (SCAN, never KEYS)."""
        found = [key.decode() async for key in self.redis.scan_iter(match="hk:*:es:debtor:*")]
        return sorted(key.split(":es:debtor:", 1)[1] for key in found)

    async def window(self, offset: int, limit: int) -> tuple[int, list[WorklistEntry]]:
        total, ranked = await self._top(offset + limit)
        return total, await self._entries(ranked[offset : offset + limit])

    async def ranked(self) -> list[WorklistEntry]:
        _, ranked = await self._top(None)
        return await self._entries(ranked)

    async def _top(self, count: int | None) -> tuple[int, list[tuple[int, bytes]]]:
        """How many are ranked, and the first ``count`` (all: None) as (partition, member),
        highest score first (ties: member descending, as one sorted set would order them)."""
        stop = -1 if count is None else count - 1
        async with self.redis.pipeline(transaction=False) as pipe:  # one slot per partition
            for p in range(self.partitions):
                pipe.zcard(rank_key(p))
                if stop != -1 or count is None:
                    pipe.zrevrange(rank_key(p), 0, stop, withscores=True)
            replies = await pipe.execute()
        if count == 0:
            return sum(int(n) for n in replies), []
        total = sum(int(n) for n in replies[0::2])
        per_partition: list[Iterable[tuple[float, bytes, int]]] = [
            [(float(score), bytes(member), p) for member, score in rows]
            for p, rows in enumerate(replies[1::2])
        ]
        merged = heapq.merge(*per_partition, key=lambda row: (row[0], row[1]), reverse=True)
        ranked = [(p, member) for _, member, p in merged]
        return total, ranked if count is None else ranked[:count]

    async def _entries(self, ranked: list[tuple[int, bytes]]) -> list[WorklistEntry]:
        if not ranked:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for p, member in ranked:
                pipe.hget(entries_key(p), member)
            raw = await pipe.execute()
        return [WorklistEntry.model_validate_json(r) for r in raw if r]
