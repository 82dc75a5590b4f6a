"""Every Redis key Huikuan uses, in one place.

A partition's keys all carry the same Redis Cluster hash tag (``{p07}``) so that every
Lua script touches exactly one slot. Keys without a tag are global and small
(API keys, the simulated clock, consumer-group bookkeeping).
"""

from __future__ import annotations

import functools
import hashlib

PREFIX = "hk"


@functools.lru_cache(maxsize=8192)  # one id is placed several times per command handled
def partition_of(entity_id: str, partitions: int) -> int:
    """Stable partition of a debtor / customer id (independent of PYTHONHASHSEED)."""
    digest = hashlib.sha256(entity_id.encode()).digest()
    return int.from_bytes(digest[:8], "big") % partitions


_TAGS = tuple(f"{{p{partition:02d}}}" for partition in range(1024))


def tag(partition: int) -> str:
    return _TAGS[partition] if 0 <= partition < len(_TAGS) else f"{{p{partition:02d}}}"


def aggregate_stream(partition: int, aggregate_type: str, aggregate_id: str) -> str:
    return f"{PREFIX}:{tag(partition)}:es:{aggregate_type}:{aggregate_id}"


def snapshot(partition: int, aggregate_type: str, aggregate_id: str) -> str:
    return f"{PREFIX}:{tag(partition)}:snap:{aggregate_type}:{aggregate_id}"


def outbox(partition: int, service: str) -> str:
    """The service's outbound (integration) stream for one partition."""
    return f"{PREFIX}:{tag(partition)}:out:{service}"


def dedupe(partition: int, service: str) -> str:
    """Hash of idempotency keys a service applied in a partition, in earlier releases
    (still consulted; it expires one retention window after the upgrade)."""
    return f"{PREFIX}:{tag(partition)}:dedupe:{service}"


def dedupe_record(partition: int, service: str, idempotency_key: str) -> str:
    """One applied idempotency key, kept for the retention window. Long keys (a ledger
    command's JSON) are named by their SHA-256, so a record stays small."""
    if len(idempotency_key) > 96:
        idempotency_key = "sha256:" + hashlib.sha256(idempotency_key.encode()).hexdigest()
    return f"{PREFIX}:{tag(partition)}:dedupe:{service}:{idempotency_key}"


def timers(partition: int, service: str) -> str:
    """Sorted set of timer ids scored by due time (epoch ms)."""
    return f"{PREFIX}:{tag(partition)}:timers:{service}"


def timer_data(partition: int, service: str) -> str:
    """Hash timer id -> timer JSON payload."""
    return f"{PREFIX}:{tag(partition)}:timerdata:{service}"


def due_stream(partition: int, service: str) -> str:
    """Stream into which due timers are moved, to be consumed like any other entry."""
    return f"{PREFIX}:{tag(partition)}:due:{service}"


def dead_letter(service: str) -> str:
    return f"{PREFIX}:dlq:{service}"


def ingest(name: str) -> str:
    """Streams external systems write plain JSON commands into (e.g. ``hk:ingest:invoices``)."""
    return f"{PREFIX}:ingest:{name}"


def projection(service: str, name: str) -> str:
    return f"{PREFIX}:proj:{service}:{name}"


def replay_memory(service: str, channel: str, token: str) -> str:
    """A signed callback ``service`` accepted on ``channel``, remembered for its window."""
    return f"{PREFIX}:{service}:seen:{channel}:{token}"


def ready_probe(service: str) -> str:
    """A short-lived key each service writes to prove Redis takes its writes (/readyz)."""
    return f"{PREFIX}:ready:{service}"


API_KEYS = f"{PREFIX}:auth:apikeys"
PARTITION_COUNT = f"{PREFIX}:partitions"
"""The partition count the store was made with (``shared.infra.partitions``)."""
SIM_CLOCK = f"{PREFIX}:clock:simulated"
CLOCK_KIND = f"{PREFIX}:clock:kind"
"""``system`` or ``simulated``: the clock the services started against this Redis run on."""


@functools.lru_cache(maxsize=4096)  # a few names per partition, asked for on every row written
def partition_projection(partition: int, service: str, name: str) -> str:
    """A read model's keys in one partition (so the append script may write them)."""
    return f"{PREFIX}:{tag(partition)}:proj:{service}:{name}"


def ownership(service: str) -> str:
    """Prefix of a service's partition leases and members (one hash tag: one slot; under
    the service's own ``hk:<service>:`` keys, which its Redis ACL user may write)."""
    return f"{PREFIX}:{service}:{{own}}"


def partition_of_stream(stream: str) -> int | None:
    """The partition a stream's name carries in its hash tag (``{p07}`` → 7), if any."""
    start = stream.find("{p")
    end = stream.find("}", start)
    digits = stream[start + 2 : end] if start >= 0 and end > start else ""
    return int(digits) if digits.isdigit() else None
