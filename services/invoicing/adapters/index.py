"""The index ``hk:invoicing:{index}``: external invoice number → customer id.

A projection of the customer accounts (and of the per-invoice streams of earlier
releases), written after each issue. When an entry of an earlier release is missing,
``locate`` probes the invoice's stream in every partition and repairs it; after a crash
between an account's append and the write, or a dropped index, ``rebuild`` recreates the
whole index from the streams (``POST /admin/invoice-index/rebuild``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from services.invoicing.domain.account_state import AGGREGATE_TYPE as ACCOUNT
from services.invoicing.domain.account_state import AccountFactRecorded, InvoiceHeld
from services.invoicing.domain.state import AGGREGATE_TYPE
from shared.contracts import parse_event, parse_stored
from shared.contracts.invoicing import InvoiceIssued
from shared.infra import keys

# Tagged: a rebuild renames its scratch copy onto it (one Cluster slot for both).
INDEX_KEY = f"{keys.PREFIX}:invoicing:{{index}}"
_STREAM_MARK = f":es:{AGGREGATE_TYPE}:"
_ACCOUNT_MARK = f":es:{ACCOUNT}:"


@dataclass
class RedisInvoiceIndex:
    """:class:`~services.invoicing.application.ports.InvoiceIndex` in a Redis hash."""

    redis: aioredis.Redis
    partitions: int
    key: str = INDEX_KEY

    async def locate(self, external_number: str) -> str | None:
        """The invoice's customer id: from the index, else from its stream (then remembered)."""
        raw: bytes | None = await self.redis.hget(self.key, external_number)  # type: ignore[assignment]
        if raw is not None:
            return raw.decode()
        customer_id = await self._probe(external_number)
        if customer_id is not None:
            await self.remember(external_number, customer_id)
        return customer_id

    async def remember(self, external_number: str, customer_id: str) -> None:
        await self.redis.hset(self.key, external_number, customer_id)

    async def customers(self) -> list[str]:
        """Every customer with an invoice (the index's distinct owners)."""
        owners: list[bytes] = await self.redis.hvals(self.key)  # type: ignore[assignment]
        return sorted({owner.decode() for owner in owners})

    async def rebuild(self) -> int:
        """Recreate the index from every invoice stream (atomic swap); returns its size."""
        entries: dict[Any, str] = {}  # redis-py types mapping keys invariantly
        async for stream in self.redis.scan_iter(match=f"{keys.PREFIX}:*{_STREAM_MARK}*"):
            name = bytes(stream).decode()
            customer_id = await self._issued_to(name)
            if customer_id is not None:
                entries[name.split(_STREAM_MARK, 1)[1]] = customer_id
        async for stream in self.redis.scan_iter(match=f"{keys.PREFIX}:*{_ACCOUNT_MARK}*"):
            name = bytes(stream).decode()
            customer_id = name.split(_ACCOUNT_MARK, 1)[1]
            for number in await self._booked_on(name):
                entries[number] = customer_id
        if not entries:
            await self.redis.delete(self.key)
            return 0
        scratch = f"{self.key}:rebuild"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(scratch)
            pipe.hset(scratch, mapping=entries)
            pipe.rename(scratch, self.key)
            await pipe.execute()
        return len(entries)

    async def _probe(self, external_number: str) -> str | None:
        """One pipelined look at the invoice's stream in every partition."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for partition in range(self.partitions):
                pipe.xrange(
                    keys.aggregate_stream(partition, AGGREGATE_TYPE, external_number), count=1
                )
            firsts: list[Any] = await pipe.execute()
        return next((_customer(first) for first in firsts if first), None)

    async def _booked_on(self, stream: str) -> list[str]:
        """The invoice numbers an account stream holds (booked or held)."""
        numbers: list[str] = []
        entries: list[Any] = await self.redis.xrange(stream)  # type: ignore[assignment]
        for _, fields in entries:
            event = parse_stored(fields[b"__data__"])
            if isinstance(event, AccountFactRecorded) and event.fact.type == "InvoiceBooked":
                numbers.append(event.fact.invoice_id)
            elif isinstance(event, InvoiceHeld):
                numbers.append(event.invoice.invoice_id)
        return numbers

    async def _issued_to(self, stream: str) -> str | None:
        first: list[Any] = await self.redis.xrange(stream, count=1)  # type: ignore[assignment]
        return _customer(first) if first else None


def _customer(first: list[Any]) -> str | None:
    event = parse_event(first[0][1][b"__data__"])
    return event.customer_id if isinstance(event, InvoiceIssued) else None
