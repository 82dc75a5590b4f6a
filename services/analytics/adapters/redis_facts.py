"""The analytics projection in Redis: facts per partition, with their checkpoint.

``hk:{pNN}:proj:analytics:facts`` maps fact id → fact JSON for the debtors of partition NN;
``hk:{pNN}:proj:analytics:checkpoint`` holds the newest event folded there (and, after a
rebuild, how far each followed stream was read). Both are written in one MULTI (same
slot by the hash tag). Nothing here is personal data: ids, amounts, dates and codes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Sequence
from typing import cast

import redis.asyncio as aioredis
import structlog

from services.analytics.application.ports import Checkpoint
from services.analytics.domain.facts import FACT, Fact
from shared.contracts import Event, UnknownEventType
from shared.contracts.codec import MalformedEvent, parse_event
from shared.infra import keys
from shared.infra.redis_types import Entry, hgetall

log = structlog.get_logger("analytics")
SERVICE = "analytics"
BATCH = 2000


def facts_key(partition: int) -> str:
    return f"{keys.PREFIX}:{keys.tag(partition)}:proj:{SERVICE}:facts"


def checkpoint_key(partition: int) -> str:
    return f"{keys.PREFIX}:{keys.tag(partition)}:proj:{SERVICE}:checkpoint"


class RedisFactStore:
    def __init__(self, redis: aioredis.Redis, partitions: int) -> None:
        self.redis, self.partitions = redis, partitions

    async def save(self, subject: str, event: Event, facts: Sequence[Fact]) -> None:
        p = keys.partition_of(subject, self.partitions)
        async with self.redis.pipeline(transaction=True) as pipe:
            if facts:
                pipe.hset(facts_key(p), mapping={x.fact_id: x.model_dump_json() for x in facts})
            pipe.hset(
                checkpoint_key(p),
                mapping={
                    "last_event_id": str(event.event_id),
                    "last_event_at": event.occurred_at.isoformat(),
                },
            )
            await pipe.execute()

    async def load(self) -> AsyncIterator[list[Fact]]:
        for p in range(self.partitions):
            cursor = 0
            while True:
                cursor, raw = await self.redis.hscan(facts_key(p), cursor, count=BATCH)
                found = cast(dict[bytes, bytes], raw)
                yield [FACT.validate_json(raw) for raw in found.values()]
                if cursor == 0:
                    break

    async def drop(self) -> None:
        for p in range(self.partitions):
            await self.redis.delete(facts_key(p), checkpoint_key(p))

    async def mark_rebuilt(self, at: dt.datetime, through: dict[str, str]) -> None:
        for p in range(self.partitions):
            tag = keys.tag(p)
            mine = {s: i for s, i in through.items() if tag in s}
            await self.redis.hset(
                checkpoint_key(p),
                mapping={"rebuilt_at": at.isoformat(), "rebuilt_through": json.dumps(mine)},
            )

    async def checkpoints(self) -> list[Checkpoint]:
        out = []
        for p in range(self.partitions):
            stored = await hgetall(self.redis, checkpoint_key(p))
            raw = {k.decode(): v.decode() for k, v in stored.items()}
            out.append(
                Checkpoint(
                    partition=p,
                    facts=int(await self.redis.hlen(facts_key(p))),
                    last_event_id=raw.get("last_event_id"),
                    last_event_at=raw.get("last_event_at"),
                    rebuilt_at=raw.get("rebuilt_at"),
                    rebuilt_through=json.loads(raw.get("rebuilt_through", "{}")),
                )
            )
        return out


class RedisRecordedEvents:
    """The followed producers' outbound streams of every partition, read with XRANGE
    from the first entry (an entry of a retired or unknown type is skipped and logged, as
    the live consumer dead-letters or skips it)."""

    def __init__(self, redis: aioredis.Redis, partitions: int, producers: Sequence[str]) -> None:
        self.redis = redis
        self.streams = [keys.outbox(p, s) for s in producers for p in range(partitions)]
        self._through: dict[str, str] = {}

    async def read(self) -> AsyncIterator[list[Event]]:
        self._through = {}
        for stream in self.streams:
            start = "-"
            while True:
                entries = cast(list[Entry], await self.redis.xrange(stream, min=start, count=BATCH))
                if not entries:
                    break
                yield [e for e in (_event(stream, i, d) for i, d in entries) if e is not None]
                last = entries[-1][0].decode()
                self._through[stream] = last
                start = "(" + last

    def read_through(self) -> dict[str, str]:
        return dict(self._through)


def _event(stream: str, entry_id: bytes, data: dict[bytes, bytes]) -> Event | None:
    try:
        return parse_event(data.get(b"__data__", b""))
    except (MalformedEvent, UnknownEventType, ValueError) as exc:
        log.info(
            "analytics_entry_skipped", stream=stream, entry=entry_id.decode(), reason=str(exc)[:200]
        )
        return None
