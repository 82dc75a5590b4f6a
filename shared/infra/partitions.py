"""The partition count is part of the data: stored in Redis at the first start, then fixed.

Every key of an aggregate names its partition (``keys.partition_of``); a process configured
with another count would look for streams where they are not and write new ones beside
them. So the first process to start stores ``HUIKUAN_PARTITIONS`` and every later one
refuses to start with another count. Repartitioning an existing store is not supported.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from shared.infra import keys


class PartitionCountChanged(RuntimeError):
    """This Redis holds data partitioned with another count."""


async def check_partition_count(redis: aioredis.Redis, partitions: int) -> int:
    """Store ``partitions`` if no count is stored yet; refuse another count. Returns it."""
    await redis.set(keys.PARTITION_COUNT, partitions, nx=True)
    raw = await redis.get(keys.PARTITION_COUNT)
    stored = int(raw or 0)
    if stored != partitions:
        raise PartitionCountChanged(
            f"HUIKUAN_PARTITIONS is {partitions} but this Redis holds data in {stored} "
            f"partitions ({keys.PARTITION_COUNT}): set HUIKUAN_PARTITIONS={stored} "
            "(repartitioning an existing store is not supported)"
        )
    return stored
