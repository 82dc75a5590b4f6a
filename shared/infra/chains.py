"""Verifying the hash chain of every aggregate stream in a Redis (``huikuan verify --all``).

After a restore or a failover, every aggregate stream's entries must still chain: each
``prev`` the hash of its predecessor, each ``hash`` the SHA-256 of ``prev`` and the stored
bytes (``eventstore.chain_hash``), versions without gaps. The event store verifies one
aggregate it knows by reference; this walks every stream by its key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import redis.asyncio as aioredis

from shared.infra import keys, redis_types
from shared.infra.eventstore import GENESIS, VerifyReport, chain_hash


async def aggregate_streams(redis: aioredis.Redis) -> AsyncIterator[str]:
    """Every aggregate stream (SCAN, never KEYS; every master of a cluster)."""
    async for key in redis.scan_iter(match=f"{keys.PREFIX}:*:es:*", count=1000, _type="stream"):
        yield bytes(key).decode()


async def verify_stream(redis: aioredis.Redis, key: str) -> VerifyReport:
    """Recompute one stream's chain from its stored bytes; report the first broken link."""
    prev, expected = GENESIS, 1
    entries = await redis_types.xrange(redis, key)
    for entry_id, fields in entries:
        version = redis_types.version_of(entry_id)
        problem = ""
        if version != expected:
            problem = f"version gap: expected {expected}, found {version}"
        elif fields.get(b"prev", b"").decode() != prev:
            problem = "predecessor hash does not match"
        elif chain_hash(prev, fields[b"__data__"]) != fields.get(b"hash", b"").decode():
            problem = "content does not match its hash"
        if problem:
            return VerifyReport(False, version - 1, version, problem)
        prev, expected = fields[b"hash"].decode(), version + 1
    return VerifyReport(True, len(entries))


async def verify_all(redis: aioredis.Redis) -> list[tuple[str, VerifyReport]]:
    """Every aggregate stream with its report, sorted by key."""
    found = sorted([key async for key in aggregate_streams(redis)])
    return [(key, await verify_stream(redis, key)) for key in found]
