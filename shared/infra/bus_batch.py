"""Keyed batches: many entries per XREADGROUP, concurrent across keys, ordered within one.

See ``shared.bus`` for the rules. An entry is acknowledged only after its handler
returned; a failed entry and every later entry of its key stay pending for the
reclaimer, which replays them one by one, in stream order, and dead-letters what keeps
failing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import structlog
from faststream.redis.annotations import RedisBatchStreamMessage as InjectedBatchMessage

from shared.infra.bus import Consumer, unparseable

U = TypeVar("U")
log = structlog.get_logger("bus")


@dataclass
class KeyedBatch(Generic[U]):
    consumer: Consumer[Any]
    stream: str
    handler: Callable[[U], Awaitable[None]]
    parse: Callable[[bytes], U]
    key: Callable[[U], str]

    async def consume(self, msg: InjectedBatchMessage) -> None:
        """One XREADGROUP's entries: dead-letter the unparseable, run the rest, ack the done."""
        ids: list[bytes] = msg.raw_message["message_ids"]
        fields: list[dict[bytes, bytes]] = msg.raw_message["data"]
        lanes: dict[str, list[tuple[bytes, U]]] = {}
        for entry_id, entry in zip(ids, fields, strict=True):
            payload = entry.get(b"__data__", b"")
            try:
                item = self.consumer.parse(payload, self.parse)
            except Exception as exc:  # deterministic: no redelivery would parse it
                await self.consumer.dead_letter(self.stream, entry_id, payload, unparseable(exc), 1)
                continue
            lanes.setdefault(self.key(item), []).append((entry_id, item))
        done = await asyncio.gather(*(self._lane(lane) for lane in lanes.values()))
        acked = [entry_id for lane in done for entry_id in lane]
        if acked:
            await self.consumer.redis.xack(self.stream, self.consumer.service, *acked)

    async def _lane(self, entries: list[tuple[bytes, U]]) -> list[bytes]:
        """One key's entries in order; stop at the first failure (the rest stay pending)."""
        done: list[bytes] = []
        for entry_id, item in entries:
            try:
                await self.consumer.run(self.stream, item, self.handler)
            except Exception as exc:
                log.warning("handler_failed", error=type(exc).__name__, entry_id=entry_id.decode(),
                            left_pending=len(entries) - len(done))  # fmt: skip
                break
            done.append(entry_id)
        return done
