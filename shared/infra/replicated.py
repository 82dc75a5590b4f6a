"""Appends acknowledged only once replicated: ``HUIKUAN_APPEND_REPLICAS=1`` (off: 0).

Redis replicates asynchronously; a master that dies right after acknowledging an append
can take it with it (docs/operations.md "Failover"). With this option each append (or
pipelined batch of appends) is followed, on the same connection to the master that holds
the aggregate's slot, by ``WAIT <replicas> <timeout>``: success is reported only when that
many replicas have the write. When fewer confirm within the timeout the append has been
made on the master but is reported as :class:`NotReplicated` (transient: a consumer
retries it, and the retry finds it already stored by its idempotency key; an API caller
gets a 503 and may repeat). ``WAIT`` counts the writes of its own connection, so the
appends and the ``WAIT`` go down one connection: on a cluster, a plain client per master.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster

from shared.infra.connection import node_url
from shared.infra.eventstore import (
    DEDUPE_RETENTION_S,
    AppendRequest,
    AppendResult,
    EventStore,
)
from shared.infra.transient import TransientError


class NotReplicated(TransientError):
    """The append is on the master, but fewer replicas than asked confirmed it in time."""


@dataclass
class ReplicatedEventStore(EventStore):
    """An event store whose appends succeed only once ``replicas`` replicas have them."""

    url: str = ""
    replicas: int = 1
    timeout_ms: int = 1000
    _masters: dict[str, aioredis.Redis] = field(init=False, default_factory=dict, repr=False)

    async def append(self, req: AppendRequest) -> AppendResult:
        [result] = await self.append_many([req])
        if isinstance(result, Exception):
            raise result
        return result

    async def append_many(self, reqs: Sequence[AppendRequest]) -> list[AppendResult | Exception]:
        if isinstance(self.redis, RedisCluster):
            await self.redis.initialize()  # the slot table (a no-op once known)
        results: list[AppendResult | Exception] = [NotReplicated("not tried")] * len(reqs)
        by_master: dict[str, list[int]] = {}
        for i, req in enumerate(reqs):
            by_master.setdefault(self._master_name(self.stream_key(req.ref)), []).append(i)
        for name, indexes in by_master.items():
            try:
                done = await self._append_on(name, [reqs[i] for i in indexes])
            except Exception as exc:
                await self._forget(name)  # a failover: learn the new master next time
                done = [exc] * len(indexes)
            for i, result in zip(indexes, done, strict=True):
                results[i] = result
        return results

    async def _append_on(
        self, name: str, reqs: list[AppendRequest]
    ) -> list[AppendResult | Exception]:
        async with self._client(name).pipeline(transaction=False) as pipe:
            hashes = []
            for req in reqs:
                script_keys, args, last_hash = self._script_call(req)
                hashes.append(last_hash)
                await self._script(keys=script_keys, args=args, client=pipe)
            pipe.execute_command("WAIT", self.replicas, self.timeout_ms)
            *replies, confirmed = await pipe.execute(raise_on_error=False)
        results: list[AppendResult | Exception] = []
        for req, reply, last_hash in zip(reqs, replies, hashes, strict=True):
            try:
                if isinstance(reply, Exception):
                    raise reply
                result = self._result(req, reply, last_hash)
                if not isinstance(confirmed, int) or confirmed < self.replicas:
                    stream = self.stream_key(req.ref)
                    raise NotReplicated(f"{confirmed} of {self.replicas} replicas confirmed "
                                        f"{stream} in {self.timeout_ms} ms")  # fmt: skip
                results.append(result)
            except Exception as exc:
                results.append(exc)
        return results

    def _master_name(self, key: str) -> str:
        if isinstance(self.redis, RedisCluster):
            node = self.redis.get_node_from_key(key)
            return f"{node.host}:{node.port}"
        return ""

    def _client(self, name: str) -> aioredis.Redis:
        if not name:
            return self.redis  # one server: a pipeline keeps to one connection
        if name not in self._masters:
            host, _, port = name.rpartition(":")
            parts = urlsplit(node_url(self.url))
            self._masters[name] = aioredis.Redis(
                host=host, port=int(port), username=parts.username, password=parts.password,
                ssl=parts.scheme == "rediss",
            )  # fmt: skip
        return self._masters[name]

    async def _forget(self, name: str) -> None:
        client: Any = self._masters.pop(name, None)
        if client is not None:
            await client.aclose()
        if isinstance(self.redis, RedisCluster):
            await self.redis.nodes_manager.initialize()


def event_store(redis: aioredis.Redis, service: str, partitions: int, url: str,
                replicas: int, timeout_ms: int,
                dedupe_retention_s: float = DEDUPE_RETENTION_S) -> EventStore:  # fmt: skip
    """The plain event store, or the replicated one when ``replicas`` > 0."""
    if replicas <= 0:
        return EventStore(redis, service, partitions, dedupe_retention_s=dedupe_retention_s)
    return ReplicatedEventStore(redis, service, partitions, url, replicas, timeout_ms,
                                dedupe_retention_s=dedupe_retention_s)  # fmt: skip
