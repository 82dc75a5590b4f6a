"""The event store: one Redis stream per aggregate, hash-chained, with an atomic outbox.

An append is one Lua script (``shared/infra/lua/append.lua``) that checks the expected version
and the chain, then writes the aggregate stream, the service's outbound stream for the
aggregate's partition, the idempotency record (a key that expires after the retention
window, ``dedupe_retention_s``) and the aggregate's timers — all or none —
and, when asked, the aggregate's snapshot and its row of a read model (so a projection such
as the collector worklist costs no second call and is never behind its events).
Only integration events go to the outbound stream: a service's domain events (its private
history) are stored in the aggregate stream alone, by the same atomic append.
Aggregate stream entries use explicit ids ``<version>-1``, so Redis itself refuses a
stale write too. Aggregate streams are never trimmed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

import redis.asyncio as aioredis
from redis.commands.core import AsyncScript

from shared.contracts import Event, encode_event, parse_stored
from shared.contracts.envelope import is_integration
from shared.infra import keys, redis_types
from shared.infra.connection import run_scripts
from shared.infra.redis_types import version_of
from shared.kernel.copying import json_bytes
from shared.kernel.timer import Timer

GENESIS = "0" * 64
DEDUPE_RETENTION_S = 7 * 86400.0
"""The default window in which an idempotency key makes a repeated append a no-op."""
_APPEND_LUA = resources.files("shared.infra").joinpath("lua/append.lua").read_text()
_LOAD_LUA = resources.files("shared.infra").joinpath("lua/load.lua").read_text()


class ConcurrencyConflict(Exception):
    """Someone else appended to the aggregate first; reload and decide again.

    Still there after the repository's retries, it is contention, not a fault of the
    input: consumers retry it later (``shared.transient``).
    """

    transient = True

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(
            f"concurrency conflict on {stream}: expected version {expected}, found {actual}"
        )
        self.stream, self.expected, self.actual = stream, expected, actual


class ChainMismatch(ConcurrencyConflict):
    """The caller's idea of the last event's hash is not the stored one."""


# Carriers: ``Loaded``, ``AppendResult``, ``LoadRequest`` and ``Tail`` (and the repository's
# ``_Plan``) are made for every command and only read after. They are plain slotted
# dataclasses, as ``AppendRequest`` is, not frozen ones: a frozen dataclass's ``__init__``
# sets each field through ``object.__setattr__``, about 1,300 instructions a field (6,200
# for three fields against 1,600). Nothing changes them once made. ``StreamRef`` (and the
# repository's ``Cause`` and ``Outcome``), made per command too, stay immutable as named
# tuples: 3,400 instructions to make one against 6,400 as a frozen dataclass.


class StreamRef(NamedTuple):
    """Names one aggregate's stream. ``partition_key`` is the debtor / customer id."""

    aggregate_type: str
    aggregate_id: str
    partition_key: str


@dataclass(slots=True)  # a carrier (see the note above StreamRef)
class Loaded:
    events: list[Event]
    version: int
    last_hash: str


@dataclass(slots=True)  # a carrier (see the note above StreamRef)
class AppendResult:
    version: int
    duplicate: bool = False
    last_hash: str = ""  # the chain hash after this append (when not a duplicate)


@dataclass(frozen=True)
class SnapshotWrite:
    """The aggregate's state at the version the append reaches, stored with it."""

    state_json: str
    schema: str


@dataclass(frozen=True)
class ProjectionWrite:
    """One row of a read model, written by the append if newer than the stored row.

    ``rank``, ``rows`` and ``versions`` are keys of the aggregate's partition (same hash
    tag); an empty ``row`` removes the member from the read model. ``side`` names a further
    hash of the same partition written with the row (an empty ``side_row`` removes it).
    """

    rank: str
    rows: str
    versions: str
    member: str
    row: str
    score: float
    side: str | None = None  # a further hash of the read model, keyed by member too
    side_row: str = ""  # its value for the member ('' removes it)


@dataclass(slots=True)  # a carrier (see the note above StreamRef)
class LoadRequest:
    """What to read of one aggregate: the events after ``after_version`` (a state the caller
    holds, whose last hash is ``known_hash``), or — with ``after_version`` None — from the
    snapshot of ``snapshot_schema`` when one is stored, else from the start."""

    ref: StreamRef
    after_version: int | None = None
    known_hash: str | None = None
    snapshot_schema: str = ""


@dataclass(slots=True)  # a carrier (see the note above StreamRef)
class Tail:
    """A loaded aggregate: the snapshot's state JSON it starts from (None: the caller's
    state or the initial one) and the events after it."""

    snapshot: bytes | None
    loaded: Loaded


@dataclass
class AppendRequest:
    ref: StreamRef
    expected_version: int
    events: Sequence[Event]
    prev_hash: str = GENESIS
    idempotency_key: str | None = None
    schedule: Sequence[Timer] = ()
    cancel: Sequence[str] = ()
    publish: bool = True
    snapshot: SnapshotWrite | None = None
    projection: ProjectionWrite | None = None


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    first_bad_version: int | None = None
    problem: str = ""


def chain_hash(prev_hash: str, payload: bytes) -> str:
    """SHA-256 over the predecessor's hash and this event's exact stored bytes."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + payload).hexdigest()


@dataclass
class EventStore:
    """Append / load / verify aggregates of one service."""

    redis: aioredis.Redis
    service: str
    partitions: int
    # How long an idempotency record answers a repeat (``HUIKUAN_DEDUPE_RETENTION_S``).
    dedupe_retention_s: float = field(default=DEDUPE_RETENTION_S, kw_only=True)
    _script: Any = field(init=False, repr=False)
    _load_script: Any = field(init=False, repr=False)
    _fixed: dict[int, tuple[str, str, str, str]] = field(
        init=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._script = self.redis.register_script(_APPEND_LUA)
        self._load_script = self.redis.register_script(_LOAD_LUA)

    def partition(self, ref: StreamRef) -> int:
        return keys.partition_of(ref.partition_key, self.partitions)

    def stream_key(self, ref: StreamRef, partition: int | None = None) -> str:
        """The aggregate's stream (``partition``: the ref's, when the caller has it)."""
        p = self.partition(ref) if partition is None else partition
        return keys.aggregate_stream(p, ref.aggregate_type, ref.aggregate_id)

    def _script_call(self, req: AppendRequest) -> tuple[list[str], list[Any], str]:
        p = self.partition(req.ref)
        script_keys = [
            self.stream_key(req.ref, p),
            *(self._fixed.get(p) or self._partition_keys(p)),
            keys.snapshot(p, req.ref.aggregate_type, req.ref.aggregate_id),
            keys.dedupe_record(p, self.service, req.idempotency_key or ""),
        ]
        args: list[Any] = [
            req.expected_version,
            req.prev_hash,
            req.idempotency_key or "",
            len(req.events),
            len(req.schedule),
            len(req.cancel),
            max(1, int(self.dedupe_retention_s * 1000)),
        ]
        prev = req.prev_hash
        for evt in req.events:
            payload = encode_event(evt)
            prev = chain_hash(prev, payload)
            publish = req.publish and is_integration(evt)  # domain events stay in the stream
            args += [payload, prev, "1" if publish else "0"]
        for timer in req.schedule:
            args += [timer.timer_id, int(timer.due_at.timestamp() * 1000), json_bytes(timer)]
        args += list(req.cancel)
        if req.snapshot is not None:
            args += ["1", req.snapshot.state_json, req.snapshot.schema]
        else:
            args.append("0")
        if (row := req.projection) is not None:
            script_keys += [row.rank, row.rows, row.versions]
            args += ["1", row.member, row.row, repr(row.score)]
            if row.side is not None:
                script_keys.append(row.side)
                args += ["1", row.side_row]
            else:
                args.append("0")
        else:
            args.append("0")
        return script_keys, args, prev

    def _partition_keys(self, p: int) -> tuple[str, str, str, str]:
        """The append script's keys that are the same for every aggregate of partition
        ``p`` (outbox, dedupe hash, timers, timer data): made once per partition."""
        made = self._fixed[p] = (
            keys.outbox(p, self.service),
            keys.dedupe(p, self.service),
            keys.timers(p, self.service),
            keys.timer_data(p, self.service),
        )
        return made

    def _result(self, req: AppendRequest, reply: list[bytes], last_hash: str) -> AppendResult:
        status, value = reply[0].decode(), reply[1].decode()
        if status == "OK":
            return AppendResult(version=int(value), last_hash=last_hash)
        if status == "DUPLICATE":
            return AppendResult(version=int(value.rsplit("@", 1)[1]), duplicate=True)
        stream = self.stream_key(req.ref)
        if status == "CHAIN":
            raise ChainMismatch(stream, req.expected_version, req.expected_version)
        raise ConcurrencyConflict(stream, req.expected_version, int(value))

    async def append(self, req: AppendRequest) -> AppendResult:
        """Append atomically; raise ``ConcurrencyConflict`` when the version moved."""
        script_keys, args, last_hash = self._script_call(req)
        reply = await self._script(keys=script_keys, args=args)
        return self._result(req, reply, last_hash)

    async def _scripts_together(
        self, script: AsyncScript, calls: Sequence[tuple[list[str], list[Any]]]
    ) -> list[Any]:
        """Run one script for several (keys, args): one pipeline on a single server; on a
        Cluster (whose client refuses scripts in pipelines) the calls go out concurrently,
        each to its slot's node. Replies in order; a failed call's reply is its exception."""
        return await run_scripts(self.redis, [(script, k, a) for k, a in calls])

    async def append_many(self, reqs: Sequence[AppendRequest]) -> list[AppendResult | Exception]:
        """Pipelined appends to distinct aggregates; each succeeds or fails on its own."""
        hashes, calls = [], []
        for req in reqs:
            script_keys, args, last_hash = self._script_call(req)
            hashes.append(last_hash)
            calls.append((script_keys, args))
        replies = await self._scripts_together(self._script, calls)
        results: list[AppendResult | Exception] = []
        for req, reply, last_hash in zip(reqs, replies, hashes, strict=True):
            try:
                if isinstance(reply, Exception):
                    raise reply
                results.append(self._result(req, reply, last_hash))
            except Exception as exc:
                results.append(exc)
        return results

    async def load_many(self, reqs: Sequence[LoadRequest]) -> list[Tail | Exception]:
        """Several aggregates in one pipeline (snapshot and tail in one script call each);
        each loads or fails on its own."""
        if not reqs:
            return []
        calls: list[tuple[list[str], list[Any]]] = []
        for req in reqs:
            p = self.partition(req.ref)
            script_keys = [
                self.stream_key(req.ref, p),
                keys.snapshot(p, req.ref.aggregate_type, req.ref.aggregate_id),
            ]
            after = -1 if req.after_version is None else req.after_version
            calls.append((script_keys, [after, req.snapshot_schema]))
        replies = await self._scripts_together(self._load_script, calls)
        tails: list[Tail | Exception] = []
        for req, reply in zip(reqs, replies, strict=True):
            try:
                if isinstance(reply, Exception):
                    raise reply
                tails.append(self._tail(req, reply))
            except Exception as exc:
                tails.append(exc)
        return tails

    def _tail(self, req: LoadRequest, reply: list[Any]) -> Tail:
        snap_version, snap_hash, snap_state, entries = reply
        raw = [
            (version_of(entry_id), dict(zip(fields[::2], fields[1::2], strict=True)))
            for entry_id, fields in entries
        ]
        events = [parse_stored(f[b"__data__"]) for _, f in raw]
        if raw:
            version, last_hash = raw[-1][0], raw[-1][1][b"hash"].decode()
        elif int(snap_version):
            version, last_hash = int(snap_version), bytes(snap_hash).decode()
        elif req.after_version:
            # The caller's state is the newest: aggregate streams are never trimmed. Were
            # its knowledge stale, the next append's version check refuses it.
            if req.known_hash is None:
                raise ValueError("a load after a version needs the hash at that version")
            version, last_hash = req.after_version, req.known_hash
        else:
            version, last_hash = 0, GENESIS
        snapshot = bytes(snap_state) if int(snap_version) else None
        return Tail(snapshot, Loaded(events, version, last_hash))

    async def read_raw(
        self, ref: StreamRef, after_version: int = 0
    ) -> list[tuple[int, bytes, str, str]]:
        """Stored entries as (version, json bytes, hash, prev hash)."""
        start = f"({after_version}-1" if after_version else "-"
        entries = await redis_types.xrange(self.redis, self.stream_key(ref), min=start)
        return [
            (
                version_of(entry_id),
                fields[b"__data__"],
                fields[b"hash"].decode(),
                fields[b"prev"].decode(),
            )
            for entry_id, fields in entries
        ]

    async def load(
        self, ref: StreamRef, after_version: int = 0, known_hash: str | None = None
    ) -> Loaded:
        """Every event after ``after_version``, upcast to the current schema.

        ``known_hash``: the caller knows the hash at ``after_version`` (a cached state), so
        nothing newer means exactly that — aggregate streams are never trimmed. Were the
        knowledge stale, the next append's version check refuses it.
        """
        raw = await self.read_raw(ref, after_version)
        if not raw and after_version == 0:
            return Loaded([], 0, GENESIS)  # aggregate streams are never trimmed: a new one
        if not raw and known_hash is not None:
            return Loaded([], after_version, known_hash)
        if not raw:
            last = await self._last(ref)
            return Loaded([], *last) if last else Loaded([], after_version, GENESIS)
        return Loaded([parse_stored(r[1]) for r in raw], raw[-1][0], raw[-1][2])

    async def _last(self, ref: StreamRef) -> tuple[int, str] | None:
        last = await redis_types.xrevrange_last(self.redis, self.stream_key(ref))
        if last is None:
            return None
        entry_id, fields = last
        return version_of(entry_id), fields[b"hash"].decode()

    async def verify(self, ref: StreamRef) -> VerifyReport:
        """Recompute the chain from the stored bytes; report the first broken link."""
        prev, expected_version = GENESIS, 1
        raw = await self.read_raw(ref)
        for version, payload, stored_hash, stored_prev in raw:
            problem = ""
            if version != expected_version:
                problem = f"version gap: expected {expected_version}, found {version}"
            elif stored_prev != prev:
                problem = "predecessor hash does not match"
            elif chain_hash(prev, payload) != stored_hash:
                problem = "content does not match its hash"
            if problem:
                return VerifyReport(False, version - 1, version, problem)
            prev, expected_version = stored_hash, version + 1
        return VerifyReport(True, len(raw))

    async def export(self, ref: StreamRef) -> list[dict[str, Any]]:
        """The aggregate's history as evidence: each event with its chain hashes."""
        return [
            {"version": v, "event": parse_stored(p).model_dump(mode="json"), "hash": h, "prev": pr}
            for v, p, h, pr in await self.read_raw(ref)
        ]
