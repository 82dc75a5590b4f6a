"""Which debtor a notification request belongs to, from the streams themselves."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from services.notifications.domain.state import AGGREGATE_TYPE
from shared.contracts import parse_event
from shared.infra import keys


class StreamRequestLocator:
    """Looks for the request's stream in every partition (P EXISTS in one round trip).

    No index to keep in step: the stream is the truth, and its first event names the
    debtor, who is the partition key.
    """

    def __init__(self, redis: aioredis.Redis, partitions: int) -> None:
        self.redis, self.partitions = redis, partitions

    async def customer_of(self, request_id: str) -> str | None:
        names = [keys.aggregate_stream(p, AGGREGATE_TYPE, request_id)
                 for p in range(self.partitions)]  # fmt: skip
        async with self.redis.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.exists(name)
            found = await pipe.execute()
        stream = next((name for name, exists in zip(names, found, strict=True) if exists), None)
        return await self._debtor_in(stream) if stream else None

    async def _debtor_in(self, stream: str) -> str | None:
        first: Any = await self.redis.xrange(stream, count=1)
        if not first:
            return None
        customer_id = getattr(parse_event(first[0][1][b"__data__"]), "customer_id", None)
        return str(customer_id) if customer_id else None
