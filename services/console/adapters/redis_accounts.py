"""Console accounts and sessions in the console's own Redis keys (``hk:console:*``)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import WatchError

from services.console.domain.accounts import Account

PREFIX = "hk:console"
USERS = f"{PREFIX}:users"  # hash: username -> account JSON


# Sessions and each user's list of them are written together: one hash tag (Cluster slot).
def session_key(session_id: str) -> str:
    return f"{PREFIX}:{{sessions}}:session:{session_id}"


def sessions_of(username: str) -> str:
    return f"{PREFIX}:{{sessions}}:of:{username}"


class RedisAccounts:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def get(self, username: str) -> Account | None:
        raw = await self.redis.hget(USERS, username)
        return Account.model_validate_json(raw) if raw else None

    async def add(self, account: Account) -> bool:
        added: int = await self.redis.hsetnx(USERS, account.username, account.model_dump_json())
        return added == 1

    async def update(self, username: str, change: Callable[[Account], Account]) -> Account | None:
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(USERS)
                    raw = await pipe.hget(USERS, username)
                    if raw is None:
                        return None
                    changed = change(Account.model_validate_json(raw))
                    pipe.multi()  # type: ignore[no-untyped-call]
                    pipe.hset(USERS, username, changed.model_dump_json())
                    await pipe.execute()
                    return changed
                except WatchError:
                    continue

    async def all(self) -> list[Account]:
        raw = await self.redis.hgetall(USERS)
        return sorted((Account.model_validate_json(v) for v in raw.values()),
                      key=lambda a: a.username)  # fmt: skip


class RedisSessions:
    """A session is a small JSON record with a TTL; the cookie carries its id, signed."""

    def __init__(self, redis: Redis, clock: Callable[[], dt.datetime]) -> None:
        self.redis, self.clock = redis, clock

    async def start(self, username: str, lifetime: dt.timedelta) -> tuple[str, str]:
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        record = {"username": username, "csrf": csrf, "started_at": self.clock().isoformat()}
        seconds = int(lifetime.total_seconds())
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(session_key(session_id), json.dumps(record), ex=seconds)
            pipe.sadd(sessions_of(username), session_id)
            pipe.expire(sessions_of(username), seconds)
            await pipe.execute()
        return session_id, csrf

    async def get(self, session_id: str) -> dict[str, Any] | None:
        raw = await self.redis.get(session_key(session_id))
        return dict(json.loads(raw)) if raw else None

    async def end(self, session_id: str) -> None:
        record = await self.get(session_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(session_key(session_id))
            if record:
                pipe.srem(sessions_of(record["username"]), session_id)
            await pipe.execute()

    async def end_all(self, username: str) -> None:
        members = await self.redis.smembers(sessions_of(username))
        ids = [i.decode() if isinstance(i, bytes) else i for i in members]
        await self.redis.delete(sessions_of(username), *(session_key(i) for i in ids))
