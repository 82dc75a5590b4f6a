"""The rejection stream ``hk:ingest:invoices:rejected``.

A well-formed ingest command that a business rule refused (an unknown invoice, a value
date too far ahead, a number reused with other data, …) is recorded here with the rule,
the ingest entry it came from (``ingest_entry_id``) and ISO times, and acknowledged, so
it never loops. Operators list rejections and, once the cause is
fixed (e.g. the invoice has now been issued), replay one onto the ingest stream.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from services.invoicing.application.ports import Rejection
from shared.infra import keys
from shared.infra.bus_batch import CURRENT_ENTRY
from shared.infra.clock import Clock
from shared.infra.connection import move_entry
from shared.kernel.time import from_epoch_ms, to_epoch_ms

INGEST_STREAM = keys.ingest("invoices")
REJECTED_STREAM = f"{INGEST_STREAM}:rejected"


@dataclass
class RedisRejectionLog:
    """:class:`~services.invoicing.application.ports.RejectionLog` on a Redis stream."""

    redis: aioredis.Redis
    clock: Clock
    stream: str = REJECTED_STREAM
    ingest_stream: str = INGEST_STREAM

    async def record(self, command_json: str, command_type: str, key: str, error: Exception) -> str:
        now = await self.clock.now()
        entry_id: bytes = await self.redis.xadd(  # type: ignore[assignment]
            self.stream,
            {
                "type": command_type,
                "key": key,
                "error": getattr(error, "code", "rejected"),
                "rule": type(error).__name__,
                "detail": str(error)[:500],
                "rejected_at": to_epoch_ms(now),
                "rejected_at_iso": now.astimezone(dt.UTC).isoformat(),
                "ingest_entry_id": CURRENT_ENTRY.get() or "",
                "payload": command_json,
            },
        )
        return entry_id.decode()

    async def list(self, count: int = 100, after: str = "-") -> list[Rejection]:
        entries: list[Any] = await self.redis.xrange(self.stream, min=after, max="+", count=count)  # type: ignore[assignment]
        return [_decode(entry_id, fields) for entry_id, fields in entries]

    async def replay(self, rejection_id: str) -> str | None:
        """Put the command back on the ingest stream and drop the rejection; None if unknown."""
        entries: list[Any] = await self.redis.xrange(
            self.stream, min=rejection_id, max=rejection_id
        )  # type: ignore[assignment]
        if not entries:
            return None
        payload = entries[0][1][b"payload"]
        fields = {"__data__": payload}
        new_id = await move_entry(self.redis, fields, self.ingest_stream, self.stream, rejection_id)
        return new_id.decode()


def _decode(entry_id: bytes, fields: dict[bytes, bytes]) -> Rejection:
    text = {k.decode(): v.decode(errors="replace") for k, v in fields.items()}
    iso = text.get("rejected_at_iso") or from_epoch_ms(int(text["rejected_at"])).isoformat()
    entry_ms = int(entry_id.decode().split("-", 1)[0])
    return Rejection(
        id=entry_id.decode(),
        **{**text, "rejected_at": int(text["rejected_at"]), "rejected_at_iso": iso},
        recorded_at_iso=from_epoch_ms(entry_ms).astimezone(dt.UTC).isoformat(),
    )
