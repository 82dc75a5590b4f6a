"""A per-customer registration lock on Redis (``hk:customers:lock:register:<id>``).

redis-py's lock releases only with its own token, and expires so that a crashed holder
cannot block the id for ever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import redis.asyncio as aioredis
from redis.exceptions import LockError

from services.customers.application.ports import RegistrationInProgress
from shared.infra import keys


def lock_key(customer_id: str) -> str:
    return f"{keys.PREFIX}:customers:lock:register:{customer_id}"


class RedisRegistrationLock:
    """:class:`~services.customers.application.ports.RegistrationLock` on Redis."""

    def __init__(
        self, redis: aioredis.Redis, *, expire_s: float = 30.0, wait_s: float = 5.0
    ) -> None:
        self.redis = redis
        self.expire_s, self.wait_s = expire_s, wait_s

    @asynccontextmanager
    async def hold(self, customer_id: str) -> AsyncIterator[None]:
        lock = self.redis.lock(
            lock_key(customer_id), timeout=self.expire_s, sleep=0.02, blocking_timeout=self.wait_s
        )
        if not await lock.acquire():
            raise RegistrationInProgress(f"customer {customer_id} is being registered; retry")
        try:
            yield
        finally:
            # Expired meanwhile: nothing of ours is left to release.
            with suppress(LockError):
                await lock.release()
