"""Remembering signed callbacks, so that one captured in flight cannot be played again.

A signed callback stays valid for its time window; within it, the same signature seen a
second time is a replay. The memory is a Redis key per signature (``SET NX`` with the
window as its lifetime): the first sighting wins, every later one is refused, and the
memory forgets on its own once the signature would be stale anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from shared.infra import keys


@dataclass(frozen=True)
class ReplayMemory:
    redis: aioredis.Redis
    service: str
    channel: str
    window_ms: int

    def _key(self, token: str) -> str:
        return keys.replay_memory(self.service, self.channel, token)

    async def first_sighting(self, token: str) -> bool:
        """True the first time ``token`` is seen within the window, False for a replay."""
        return bool(await self.redis.set(self._key(token), "1", nx=True, px=self.window_ms))

    async def forget(self, token: str) -> None:
        """Forget ``token`` (its callback could not be handled: the sender may try again)."""
        await self.redis.delete(self._key(token))
