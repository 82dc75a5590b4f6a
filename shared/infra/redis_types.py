"""Typed reads of stream entries and hashes.

redis-py 8 annotates replies as unions of bytes, str and None for every client mode;
Huikuan's clients never decode responses, so replies are bytes. These helpers state that
once instead of casting at every call site.
"""

from __future__ import annotations

from typing import cast

import redis.asyncio as aioredis

Entry = tuple[bytes, dict[bytes, bytes]]


async def xrange(redis: aioredis.Redis, key: str, min: str = "-", max: str = "+") -> list[Entry]:
    return cast(list[Entry], await redis.xrange(key, min=min, max=max))


async def xrevrange_last(redis: aioredis.Redis, key: str) -> Entry | None:
    """The newest entry of a stream, or None when it is empty."""
    entries = cast(list[Entry], await redis.xrevrange(key, count=1))
    return entries[0] if entries else None


async def hgetall(redis: aioredis.Redis, key: str) -> dict[bytes, bytes]:
    return cast(dict[bytes, bytes], await redis.hgetall(key))


def version_of(entry_id: bytes) -> int:
    """The version in an aggregate stream's explicit entry id ``<version>-1``."""
    return int(entry_id.split(b"-")[0])
