"""``hk:ingest:customers:rejected``: a well-formed customer entry a business rule refused
(a jurisdiction not served, another currency than registered, an erased customer…),
kept with the rule and the ingest entry's customer number, then acknowledged."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from shared.infra import keys
from shared.infra.clock import Clock

INGEST_STREAM = keys.ingest("customers")
REJECTED_STREAM = f"{INGEST_STREAM}:rejected"


@dataclass
class RedisCustomerRejections:
    redis: aioredis.Redis
    clock: Clock

    async def record(self, customer_id: str, code: str, rule: str, detail: str) -> None:
        rejected_at = (await self.clock.now()).isoformat()
        fields = {"type": "UpsertCustomer", "customer_id": customer_id, "error": code,
                  "rule": rule, "detail": detail[:500], "rejected_at": rejected_at}  # fmt: skip
        await self.redis.xadd(REJECTED_STREAM, fields)  # type: ignore[arg-type]
