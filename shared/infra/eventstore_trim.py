"""Trimming a service's outbound and due streams once every follower is past their entries.

Aggregate streams are the record and are never trimmed. The streams a service *produces*
for others — its outbound streams (``hk:{pNN}:out:<service>``) and its due-timer streams
(``hk:{pNN}:due:<service>``) — are a delivery channel: once every consumer group on a
stream has acknowledged an entry, nobody will read it again. A trim removes the entries
below the **oldest entry some group still needs** — its oldest pending (delivered, not yet
acknowledged) entry, or the first after its last-delivered id — and never one younger than
``retain_s`` before the stream's newest entry (the floor: a follower that starts late, or
an ERP that creates its group at ``$``, still finds the last ``retain_s`` of facts; 0: no
floor).

A stream without any group is never trimmed (nobody has said what it needs), and a group
that stopped reading holds every entry after its last-delivered id: delete the groups of
followers that are gone (``XGROUP DESTROY``). Trimming uses exact ``XTRIM … MINID``: an
entry above the limit is never removed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
import structlog

from shared.infra import keys
from shared.infra.transient import is_transient

log = structlog.get_logger("trim")


def _id(raw: Any) -> tuple[int, int]:
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


def produced_streams(service: str, partitions: int) -> list[str]:
    """The streams ``service`` writes for others or for its own timers, per partition."""
    return [
        *(keys.outbox(p, service) for p in range(partitions)),
        *(keys.due_stream(p, service) for p in range(partitions)),
    ]


@dataclass
class StreamTrimmer:
    """Trims ``streams`` every ``every_s`` seconds (see the module doc)."""

    redis: aioredis.Redis
    streams: Sequence[str]
    retain_s: float = 3600.0
    every_s: float = 30.0
    _stopping: asyncio.Event = field(init=False, default_factory=asyncio.Event)

    async def limit(self, stream: str) -> tuple[int, int] | None:
        """The id below which every entry of ``stream`` may go, or None (trim nothing)."""
        try:
            groups: list[dict[str, Any]] = await self.redis.xinfo_groups(stream)
        except Exception as exc:
            if "no such key" in str(exc).lower():
                return None
            raise
        if not groups:
            return None
        needed: list[tuple[int, int]] = []
        for group in groups:
            if int(group["pending"]):
                summary = await self.redis.xpending(stream, group["name"])
                needed.append(_id(summary["min"]))
            else:
                ms, seq = _id(group["last-delivered-id"])
                needed.append((ms, seq + 1))
        if self.retain_s > 0:
            newest = await self.redis.xrevrange(stream, count=1)
            if not newest:
                return None
            needed.append((_id(newest[0][0])[0] - int(self.retain_s * 1000), 0))
        return min(needed)

    async def trim(self, stream: str) -> int:
        """Trim one stream now; how many entries were removed."""
        limit = await self.limit(stream)
        if limit is None or limit <= (0, 0):
            return 0
        minid = f"{limit[0]}-{limit[1]}"
        removed = int(await self.redis.xtrim(stream, minid=minid, approximate=False))
        if removed:
            log.debug("stream_trimmed", stream=stream, removed=removed)
        return removed

    async def trim_all(self) -> int:
        removed = 0
        for stream in self.streams:
            removed += await self.trim(stream)
        return removed

    async def run(self) -> None:
        """Trim every ``every_s`` until stopped; a failure is logged and tried next round."""
        while not self._stopping.is_set():
            try:
                await self.trim_all()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                level = log.warning if is_transient(exc) else log.exception
                level("trim_failed", error=type(exc).__name__)
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.every_s)

    def stop(self) -> None:
        self._stopping.set()
