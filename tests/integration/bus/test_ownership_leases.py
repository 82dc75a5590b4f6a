"""Partition leases (``shared.infra.ownership``) on the session's Redis: fair shares,
hand-over on join, and a lapsed lease never renewed by its former holder."""

from __future__ import annotations

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.ownership import Ownership

SERVICE = "leasetest"


def owner(redis: aioredis.Redis, name: str, partitions: int = 8) -> Ownership:
    return Ownership(redis, SERVICE, name, partitions, lease_ms=60_000)


async def test_a_lone_process_takes_every_partition_and_a_newcomer_gets_half(
    redis: aioredis.Redis,
) -> None:
    a, b = owner(redis, "a"), owner(redis, "b")
    await a.heartbeat()
    assert sorted(a.held) == list(range(8)) and a.fair_share == 8

    await b.heartbeat()  # joins: everything is taken, its fair share is 4
    assert (b.fair_share, b.held) == (4, {})
    await a.heartbeat()  # sees two processes: hands the partitions beyond 4 over
    for drain in list(a._drains):
        await drain
    await b.heartbeat()
    assert len(a.held) == 4 and len(b.held) == 4
    assert set(a.held).isdisjoint(b.held)
    assert all(b.token(p) == 2 for p in b.held)  # a new lease, a new fencing token


async def test_a_lapsed_lease_taken_by_another_process_is_not_renewed_by_its_former_holder(
    redis: aioredis.Redis,
) -> None:
    a, b = owner(redis, "a", 2), owner(redis, "b", 2)
    await a.heartbeat()
    lease = f"{keys.ownership(SERVICE)}:lease:0"
    await redis.delete(lease)  # as if it lapsed (a stalled holder)
    await redis.zrem(f"{keys.ownership(SERVICE)}:members", "a")
    await b.heartbeat()
    assert b.token(0) == 2

    await a.heartbeat()  # the former holder's renewal finds another's lease
    assert a.token(0) is None and 0 not in a.held
    assert a.reading(0, 0.1) == "done"
    assert (await redis.get(lease)) == b"b 2"
