"""Partition ownership: each process of a service holds leases on a fair share of partitions.

So that one debtor's facts are handled by one process at a time while throughput grows
with processes, the processes of a service share its partitions through leases in Redis
(``lua/lease_tick.lua``), all under one hash tag (``keys.ownership``):

- a heartbeat every ``lease_ms / 3`` says the process is alive (a sorted set of members,
  scored by when their heartbeat lapses), renews the leases it holds — a renewal is
  checked in the script against the holder's name and fencing token, so a lapsed lease
  another process took is never renewed — and takes free partitions up to its fair share,
  ``ceil(partitions / live processes)``; each lease taken gets the partition's next
  fencing token (a counter that only grows);
- a process that holds more than its fair share (a process joined) stops reading the
  partitions beyond it, lets their batches finish, acknowledges, then releases those
  leases (compare-and-delete); the newcomer takes them at its next heartbeat;
- a process that dies (``kill -9``) stops renewing: its leases lapse after ``lease_ms``
  and its heartbeat with them; the others' fair share grows and they take its partitions.

A process reads a partition only while :meth:`Ownership.reading` says so: it holds the
lease and the lease, as last renewed, stays valid for longer than the read can block plus
a safety margin of one heartbeat. It starts a handler only while :meth:`holds` says so
(the same, without the read). The validity is counted from before the renewal was sent,
on this process's monotonic clock, so the process always gives up a partition before
Redis can let its lease lapse. Leases, not wall clocks, decide: the server's ``TIME``
dates every heartbeat.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import redis.asyncio as aioredis
import structlog

from shared.infra import keys
from shared.infra.transient import is_transient

__all__ = ["Lease", "Ownership"]

log = structlog.get_logger("ownership")
_LUA = resources.files("shared.infra").joinpath("lua")
LEASE_TICK_LUA = _LUA.joinpath("lease_tick.lua").read_text()
_RELEASE_LUA = _LUA.joinpath("lease_release.lua").read_text()

Start = Callable[[int], None]
"""Called when a lease is taken: begin reading the partition."""
Drain = Callable[[int], Awaitable[None]]
"""Stop reading the partition and return once its batches have finished."""


@dataclass
class Lease:
    """One partition this process holds: its fencing token and (monotonic) validity."""

    partition: int
    token: int
    valid_until: float


@dataclass
class Ownership:
    """The leases of one process (``consumer``) of ``service`` over ``partitions``."""

    redis: aioredis.Redis
    service: str
    consumer: str
    partitions: int
    lease_ms: int = 10_000
    on_acquired: Start = lambda partition: None
    on_release: Drain | None = None
    scope: str = ""
    """Leases of something else than the service's partitions (e.g. ``stream:<name>``),
    kept apart from them under the same hash tag."""
    held: dict[int, Lease] = field(default_factory=dict)
    fair_share: int = 0
    live: int = 0
    _releasing: set[int] = field(default_factory=set)
    _given_up: set[tuple[int, int]] = field(default_factory=set, repr=False)
    _drains: set[asyncio.Task[None]] = field(default_factory=set, repr=False)
    _task: asyncio.Task[None] | None = field(default=None, repr=False)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    _tick: Any = field(init=False, repr=False)
    _release: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._tick = self.redis.register_script(LEASE_TICK_LUA)
        self._release = self.redis.register_script(_RELEASE_LUA)
        prefix = keys.ownership(self.service) + (f":{self.scope}" if self.scope else "")
        self._members, self._fence = f"{prefix}:members", f"{prefix}:fence"
        self._leases = [f"{prefix}:lease:{p}" for p in range(self.partitions)]
        self._first = zlib.crc32(self.consumer.encode()) % self.partitions

    def lease_key(self, partition: int) -> str:
        """The Redis key of ``partition``'s lease (its value: ``<holder> <token>``)."""
        return self._leases[partition]

    @property
    def heartbeat_s(self) -> float:
        return self.lease_ms / 3000

    def holds(self, partition: int, ahead_s: float = 0.0) -> bool:
        """Whether this process may still work on ``partition`` for ``ahead_s`` seconds:
        it holds the lease, valid beyond then by a margin of one heartbeat."""
        lease = self.held.get(partition)
        margin = self.heartbeat_s + ahead_s
        return lease is not None and time.monotonic() + margin < lease.valid_until

    def reading(self, partition: int, block_s: float, token: int | None = None) -> str:
        """For a partition's reader: ``read`` (held, valid beyond a read blocking
        ``block_s`` by one heartbeat, not being handed over), ``wait`` (held, but the
        last renewal is not fresh enough: a late heartbeat) or ``done`` (lost, handed
        over, leaving, or — with ``token`` — held again under another token)."""
        lease = self.held.get(partition)
        if self._stopping.is_set() or partition in self._releasing or lease is None:
            return "done"
        if token is not None and lease.token != token:
            return "done"
        return "read" if self.holds(partition, block_s) else "wait"

    def token(self, partition: int) -> int | None:
        """The fencing token of the lease held on ``partition``, if any."""
        lease = self.held.get(partition)
        return lease.token if lease else None

    async def start(self) -> None:
        """Join: the first heartbeat (taking a fair share), then one every ``heartbeat_s``."""
        self._stopping.clear()
        await self.heartbeat()
        self._task = asyncio.create_task(self._beat_forever())

    async def stop(self) -> None:
        """Leave: stop reading everything, let batches finish, release every lease."""
        self._stopping.set()
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for drain in list(self._drains):
            with suppress(Exception):
                await drain
        for partition in sorted(self.held):
            if self.on_release is not None:
                await self.on_release(partition)
            await self._give_up(partition)
        with suppress(Exception):
            await self.heartbeat(leaving=True)

    async def heartbeat(self, leaving: bool = False) -> None:
        """One renewal: see ``lua/lease_tick.lua``; starts what was taken, notes what was
        lost, and begins handing over what exceeds the fair share."""
        sent = time.monotonic()
        take = "0" if leaving or self._stopping.is_set() else "1"
        reply = await self._tick(
            keys=[self._members, self._fence, *self._leases],
            args=[self.consumer, self.lease_ms, take, self._first],
        )
        fair, live, flat = int(reply[0]), int(reply[1]), list(reply[2])
        self.fair_share, self.live = fair, live
        now_held = {int(flat[i]): int(flat[i + 1]) for i in range(0, len(flat), 2)}
        # A reply that crossed a release still names the released lease: never take it back.
        now_held = {p: t for p, t in now_held.items() if (p, t) not in self._given_up}
        valid_until = sent + self.lease_ms / 1000
        for partition, lease in list(self.held.items()):
            if (partition, lease.token) in self._given_up:
                continue  # being released (``_give_up``)
            if now_held.get(partition) != lease.token:
                del self.held[partition]
                log.warning("partition_lease_lost", partition=partition, token=lease.token)
        for partition, token in sorted(now_held.items()):
            known = self.held.get(partition)
            if known is not None:
                known.valid_until = valid_until
                continue
            self.held[partition] = Lease(partition, token, valid_until)
            log.info("partition_lease_taken", partition=partition, token=token, live=live)
            self.on_acquired(partition)
        if take == "1":
            self._hand_over_excess()

    def _hand_over_excess(self) -> None:
        """Beyond the fair share: drain and release the highest partitions held."""
        keeping = [p for p in sorted(self.held) if p not in self._releasing]
        for partition in keeping[self.fair_share :]:
            self._releasing.add(partition)
            task = asyncio.create_task(self._hand_over(partition))
            self._drains.add(task)
            task.add_done_callback(self._drains.discard)

    async def _hand_over(self, partition: int) -> None:
        try:
            if self.on_release is not None:
                await self.on_release(partition)
            await self._give_up(partition)
        finally:
            self._releasing.discard(partition)

    async def _give_up(self, partition: int) -> None:
        lease = self.held.get(partition)
        if lease is None:
            return
        self._given_up.add((partition, lease.token))
        released = await self._release(
            keys=[self._leases[partition]], args=[self.consumer, lease.token]
        )
        self.held.pop(partition, None)
        log.info("partition_lease_released", partition=partition, token=lease.token,
                 released=bool(released))  # fmt: skip

    async def _beat_forever(self) -> None:
        while not self._stopping.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.heartbeat_s)
            if self._stopping.is_set():
                return
            try:
                await self.heartbeat()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # unrenewed leases decay on their own (``holds``)
                level = log.warning if is_transient(exc) else log.exception
                level("partition_heartbeat_failed", error=type(exc).__name__)
