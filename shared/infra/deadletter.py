"""Dead letters: written by the bus, listed and replayed by the admin API and CLI."""

from __future__ import annotations

import time
from typing import cast

import redis.asyncio as aioredis
from pydantic import BaseModel
from redis.exceptions import ResponseError

from shared.infra import keys
from shared.infra.connection import move_entry
from shared.infra.metrics import DEAD_LETTERED

Entry = tuple[bytes, dict[bytes, bytes]]


class DeadLetter(BaseModel):
    """One dead-lettered entry: where it came from, why it failed, after how many deliveries."""

    id: str
    stream: str
    entry_id: str
    error: str
    deliveries: int
    dead_at: int
    payload_bytes: int


async def write_dead_letter(
    redis: aioredis.Redis, service: str, stream: str, entry_id: bytes, payload: bytes,
    error: str, deliveries: int,
) -> None:  # fmt: skip
    """Keep the entry, its error and how often it was tried in the service's DLQ."""
    await redis.xadd(
        keys.dead_letter(service),
        {
            "stream": stream,
            "entry_id": entry_id,
            "group": service,
            "error": error[:2000],
            "deliveries": deliveries,
            "payload": payload,
            "dead_at": int(time.time() * 1000),
        },
    )
    DEAD_LETTERED.labels(service, stream).inc()


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


async def _xrange(
    redis: aioredis.Redis, key: str, start: str, end: str, count: int | None = None
) -> list[Entry]:
    return cast(list[Entry], await redis.xrange(key, min=start, max=end, count=count))


async def list_dead_letters(
    redis: aioredis.Redis, service: str, count: int = 100, after: str = "-"
) -> list[DeadLetter]:
    """The oldest ``count`` dead letters of ``service`` whose id is greater than ``after``."""
    start = after if after == "-" else f"({after}"
    entries = await _xrange(redis, keys.dead_letter(service), start, "+", count)
    return [_decode(entry_id, fields) for entry_id, fields in entries]


async def replay_dead_letter(redis: aioredis.Redis, service: str, dead_id: str) -> str | None:
    """Put the original payload back on its stream (as a new entry) and drop the letter.

    Every group reading that stream sees the entry again; idempotent handlers (keyed by
    event id) make that harmless. Returns the new entry id, or None when no such dead
    letter exists (including an id that is not a stream id at all).
    """
    key = keys.dead_letter(service)
    try:
        entries = await _xrange(redis, key, dead_id, dead_id)
    except ResponseError:  # "Invalid stream ID": nothing can be stored under it
        return None
    if not entries or entries[0][0].decode() != dead_id:  # "17..." alone names a range
        return None
    fields = entries[0][1]
    target = fields[b"stream"].decode()
    new_id = await move_entry(redis, {"__data__": fields[b"payload"]}, target, key, dead_id)
    return new_id.decode()


class ServiceDeadLetter(DeadLetter):
    """A dead letter in the view across services: which service's DLQ holds it."""

    service: str


async def dead_letter_services(redis: aioredis.Redis) -> list[str]:
    """The services that have a dead-letter stream, by name."""
    pattern, prefix = keys.dead_letter("*"), keys.dead_letter("")
    found = {
        key.decode() async for key in redis.scan_iter(match=pattern, count=1000, _type="stream")
    }
    return sorted(key.removeprefix(prefix) for key in found)


async def list_every_dead_letter(
    redis: aioredis.Redis, count_per_service: int = 100
) -> list[ServiceDeadLetter]:
    """Every service's dead letters (the oldest ``count_per_service`` of each), oldest first."""
    every = [
        ServiceDeadLetter(service=service, **letter.model_dump())
        for service in await dead_letter_services(redis)
        for letter in await list_dead_letters(redis, service, count_per_service)
    ]
    return sorted(every, key=lambda letter: (letter.dead_at, letter.service, letter.id))
