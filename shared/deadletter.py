"""Listing and replaying dead-lettered entries (admin API and CLI use these)."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from pydantic import BaseModel

from shared import keys


class DeadLetter(BaseModel):
    id: str
    stream: str
    entry_id: str
    error: str
    deliveries: int
    dead_at: int
    payload_bytes: int


def _decode(entry_id: bytes, fields: dict[bytes, bytes]) -> DeadLetter:
    return DeadLetter(
        id=entry_id.decode(),
        stream=fields[b"stream"].decode(),
        entry_id=fields[b"entry_id"].decode(),
        error=fields[b"error"].decode(errors="replace"),
        deliveries=int(fields[b"deliveries"]),
        dead_at=int(fields[b"dead_at"]),
        payload_bytes=len(fields[b"payload"]),
    )


async def list_dead_letters(
    redis: aioredis.Redis, service: str, count: int = 100, after: str = "-"
) -> list[DeadLetter]:
    entries = await redis.xrange(keys.dead_letter(service), min=after, max="+", count=count)
    return [_decode(i, f) for i, f in entries]


async def replay_dead_letter(redis: aioredis.Redis, service: str, dead_id: str) -> str | None:
    """Put the original payload back on its stream (as a new entry) and drop the letter.

    Returns the new entry id, or None when no such dead letter exists.
    """
    key = keys.dead_letter(service)
    entries = await redis.xrange(key, min=dead_id, max=dead_id)
    if not entries:
        return None
    fields: dict[bytes, Any] = entries[0][1]
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(fields[b"stream"].decode(), {"__data__": fields[b"payload"]})
        pipe.xdel(key, dead_id)
        new_id, _ = await pipe.execute()
    return bytes(new_id).decode()
