"""The personal-data access log in Redis: one stream per customer,
``hk:customers:pii-access:<id>``, never trimmed (it holds reader names, no personal data
of the customer, and outlives an erasure: who read what before it stays accountable)."""

from __future__ import annotations

from typing import cast

import redis.asyncio as aioredis

from services.customers.domain.access import PersonalDataRead
from shared.infra import keys

ACCESS_PREFIX = f"{keys.PREFIX}:customers:pii-access:"


def access_key(customer_id: str) -> str:
    return f"{ACCESS_PREFIX}{customer_id}"


class RedisAccessLog:
    """:class:`~services.customers.application.ports.AccessLog` on Redis streams."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.redis = redis

    async def record(self, read: PersonalDataRead) -> None:
        await self.redis.xadd(access_key(read.customer_id), {"read": read.model_dump_json()})

    async def reads(self, customer_id: str, limit: int) -> list[PersonalDataRead]:
        entries = cast(
            list[tuple[bytes, dict[bytes, bytes]]],
            await self.redis.xrevrange(access_key(customer_id), count=limit),
        )
        return [PersonalDataRead.model_validate_json(fields[b"read"]) for _, fields in entries]
