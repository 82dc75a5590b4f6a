"""The index of external invoice numbers → customer ids, one hash per partition.

An invoice number's entry lives in the partition of the *number*
(``hk:{pNN}:invoice-owners:invoicing``), so claiming a number is one atomic script in one
slot whatever the customer: the first claim wins and every later one learns the owner.
The account append that follows is in the customer's partition, another slot: Redis
(Cluster) has no atomic step across two slots, so the claim comes first and is never
given to a second customer — a number is booked on one account at most. A crash between
the claim and the append leaves the number reserved for the customer that claimed it,
whose re-sent command completes it; ``release`` undoes a fresh claim whose command a
business rule refused.

Concurrent claims and look-ups travel together (one pipeline for the handlers of a
moment), and the claims of one partition's numbers are one script call, so a read batch of
an ingest backlog costs one call per partition here, in a fraction of a round trip.
``rebuild`` recreates the whole index from the streams (``POST
/admin/invoice-index/rebuild``); the single hash of earlier releases
(``hk:invoicing:{index}``) is copied over at the first use and dropped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis

from services.invoicing.application.ports import Claim
from services.invoicing.domain.account_state import AGGREGATE_TYPE as ACCOUNT
from services.invoicing.domain.account_state import AccountFactRecorded, InvoiceHeld
from services.invoicing.domain.state import AGGREGATE_TYPE
from shared.contracts import parse_event, parse_stored
from shared.contracts.invoicing import InvoiceIssued
from shared.infra import keys
from shared.infra.coalesce import Coalesced
from shared.infra.connection import run_scripts

LEGACY_INDEX_KEY = f"{keys.PREFIX}:invoicing:{{index}}"
"""The one hash of earlier releases, copied into the partitioned index at the first use."""
_STREAM_MARK = f":es:{AGGREGATE_TYPE}:"
_ACCOUNT_MARK = f":es:{ACCOUNT}:"

# KEYS: 1 owners hash of one partition. ARGV: number, claimant ('' = look up), number,
# claimant, … (numbers of that partition), claimed one after the other.
# Returns owner or '', '1' when this call made the claim else '0', … (two per number).
_CLAIM_LUA = """
local out = {}
for i = 1, #ARGV, 2 do
  local number, claimant = ARGV[i], ARGV[i + 1]
  local owner = redis.call('HGET', KEYS[1], number)
  if owner then
    out[#out + 1] = owner
    out[#out + 1] = '0'
  elseif claimant == '' then
    out[#out + 1] = ''
    out[#out + 1] = '0'
  else
    redis.call('HSET', KEYS[1], number, claimant)
    out[#out + 1] = claimant
    out[#out + 1] = '1'
  end
end
return out
"""
# KEYS: 1 owners hash. ARGV: 1 number, 2 the customer whose claim is undone.
_RELEASE_LUA = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
"""


def owners_key(partition: int) -> str:
    """The hash of the invoice numbers that fall in ``partition`` (by the number's hash)."""
    return f"{keys.PREFIX}:{keys.tag(partition)}:invoice-owners:invoicing"


@dataclass
class RedisInvoiceIndex:
    """:class:`~services.invoicing.application.ports.InvoiceIndex` in per-partition hashes."""

    redis: aioredis.Redis
    partitions: int
    _claims: Coalesced[tuple[str, str], Claim] = field(init=False, repr=False)
    _migrated: asyncio.Event | None = field(init=False, default=None, repr=False)
    _script: Any = field(init=False, repr=False)
    _release: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._script = self.redis.register_script(_CLAIM_LUA)
        self._release = self.redis.register_script(_RELEASE_LUA)
        self._claims = Coalesced(self._claim_many)

    def key_of(self, external_number: str) -> str:
        return owners_key(keys.partition_of(external_number, self.partitions))

    async def locate(self, external_number: str) -> str | None:
        """The invoice's customer id: from the index, else from a stream of an earlier
        release (then remembered)."""
        found = await self._claims((external_number, ""))
        if found.owner:
            return found.owner
        customer_id = await self._probe(external_number)
        if customer_id is not None:
            return (await self.claim(external_number, customer_id)).owner
        return None

    async def claim(self, external_number: str, customer_id: str) -> Claim:
        """Reserve the number for ``customer_id`` unless it has an owner; the owner."""
        return await self._claims((external_number, customer_id))

    async def claim_many(self, claims: Sequence[tuple[str, str]]) -> list[Claim | Exception]:
        """Several claims (number, customer) in one pipeline, without waiting to coalesce."""
        return await self._claim_many(claims)

    async def release(self, external_number: str, customer_id: str) -> None:
        key = self.key_of(external_number)
        await self._release(keys=[key], args=[external_number, customer_id])

    async def customers(self) -> list[str]:
        """Every customer with an invoice (the index's distinct owners)."""
        await self._migrate()
        async with self.redis.pipeline(transaction=False) as pipe:
            for partition in range(self.partitions):
                pipe.hvals(owners_key(partition))
            found: list[list[bytes]] = await pipe.execute()
        return sorted({owner.decode() for owners in found for owner in owners})

    async def _claim_many(self, items: Sequence[tuple[str, str]]) -> list[Claim | Exception]:
        """The claims of each partition's numbers in one script call (in their order), the
        calls of all partitions in one pipeline; a call that fails fails its claims."""
        await self._migrate()
        by_key: dict[str, list[int]] = {}
        for index, (number, _) in enumerate(items):
            by_key.setdefault(self.key_of(number), []).append(index)
        calls = [
            (self._script, [key], [part for i in indexes for part in items[i]])
            for key, indexes in by_key.items()
        ]
        replies = await run_scripts(self.redis, calls)
        claims: list[Claim | Exception] = [None] * len(items)  # type: ignore[list-item]
        for indexes, reply in zip(by_key.values(), replies, strict=True):
            for n, index in enumerate(indexes):
                claims[index] = (
                    reply if isinstance(reply, Exception)
                    else Claim(reply[2 * n].decode(), reply[2 * n + 1] == b"1")
                )  # fmt: skip
        return claims

    async def _migrate(self) -> None:
        """Copy the single hash of earlier releases into the partitioned index (once)."""
        if self._migrated is None:
            self._migrated = asyncio.Event()
            try:
                await self._copy_legacy()
            except BaseException:
                self._migrated = None
                raise
            self._migrated.set()
        await self._migrated.wait()

    async def _copy_legacy(self) -> None:
        if not await self.redis.exists(LEGACY_INDEX_KEY):
            return
        entries: dict[str, str] = {}
        async for number, owner in self.redis.hscan_iter(LEGACY_INDEX_KEY):
            entries[bytes(number).decode()] = bytes(owner).decode()
        async with self.redis.pipeline(transaction=False) as pipe:
            for number, owner in entries.items():
                pipe.hsetnx(self.key_of(number), number, owner)
            await pipe.execute()
        await self.redis.delete(LEGACY_INDEX_KEY)

    async def rebuild(self) -> int:
        """Recreate the index from every invoice stream (atomic swap per partition);
        returns its size."""
        await self._migrate()
        entries: dict[str, str] = {}
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
        by_partition: list[dict[Any, str]] = [{} for _ in range(self.partitions)]
        for number, owner in entries.items():
            by_partition[keys.partition_of(number, self.partitions)][number] = owner
        for partition, owned in enumerate(by_partition):
            await self._swap(owners_key(partition), owned)
        return len(entries)

    async def _swap(self, key: str, owned: dict[Any, str]) -> None:
        if not owned:
            await self.redis.delete(key)
            return
        scratch = key.replace(":invoice-owners:", ":invoice-owners-rebuild:")  # the same slot
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(scratch)
            pipe.hset(scratch, mapping=owned)
            pipe.rename(scratch, key)
            await pipe.execute()

    async def _probe(self, external_number: str) -> str | None:
        """One pipelined look at the invoice's stream (earlier releases) in every partition."""
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
