"""What every service process is made of, built once per process (no import-time I/O).

``build_runtime`` connects nothing until used: a Redis client, the FastStream broker, the
service's consumer, event store and clock. ``shared.web.service.create_service_app``
runs it inside a FastAPI lifespan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import redis.asyncio as aioredis
import structlog
from faststream.redis import RedisBroker

from shared.infra import connection, keys
from shared.infra.bus import Consumer, consumer_name
from shared.infra.clock import Clock, clock_from_settings
from shared.infra.connection import every_master
from shared.infra.eventstore import EventStore
from shared.infra.replicated import event_store
from shared.infra.secret_files import secret_fields
from shared.infra.settings import Settings

log = structlog.get_logger("runtime")


class UnsafeRedis(RuntimeError):
    """The Redis server could lose or evict events; the service refuses to start."""


DEVELOPMENT_SECRET_PREFIX = "dev-only-"


def check_no_development_secrets(settings: Settings) -> None:
    """Refuse, in staging and production, a secret setting left at a public development
    value (docker-compose.override.yml's ``dev-only-…``), naming the setting, never the value."""
    if settings.environment not in ("staging", "production"):
        return
    public = [
        f"HUIKUAN_{name.upper()}"
        for name in secret_fields(type(settings))
        if str(getattr(settings, name) or "").startswith(DEVELOPMENT_SECRET_PREFIX)
    ]
    if public:
        raise RuntimeError(
            f"{', '.join(public)} hold the public development value; {settings.environment} "
            "needs its own secret (e.g. `openssl rand -hex 32`)"
        )


def check_redis_user(settings: Settings) -> None:
    """Staging and production log in to Redis as the service's own ACL user, never as the
    all-powerful ``default`` (docs/security.md)."""
    named = settings.redis_username or urlsplit(settings.redis_url).username
    if settings.environment in ("staging", "production") and not named:
        raise RuntimeError(
            f"{settings.environment} logs in to Redis as the service's own ACL user: set "
            "HUIKUAN_REDIS_USERNAME and HUIKUAN_REDIS_PASSWORD_FILE (`huikuan redis acl`)"
        )


def check_redis_transport(settings: Settings) -> None:
    """Production talks to Redis over TLS (``rediss://``) unless a plaintext connection is
    explicitly allowed (``HUIKUAN_REDIS_ALLOW_PLAINTEXT=true``: a private network)."""
    scheme = urlsplit(settings.redis_url).scheme
    plaintext = scheme in ("redis", "redis+cluster", "unix")
    if settings.environment == "production" and plaintext and not settings.redis_allow_plaintext:
        raise RuntimeError(
            f"production refuses a plaintext Redis URL ({scheme}://): use rediss:// (TLS), or"
            " set HUIKUAN_REDIS_ALLOW_PLAINTEXT=true where the network to Redis is private"
        )


async def check_redis_is_safe(redis: aioredis.Redis) -> None:
    """Refuse a Redis without AOF or with an eviction policy: an evicting store loses facts.
    On a cluster every master is asked (a replica promoted later must be set up the same)."""
    persistence = await every_master(redis, "persistence")
    policies = {str(m.get("maxmemory_policy", "")) for m in await every_master(redis, "memory")}
    problems = []
    if any(int(info.get("aof_enabled", 0)) != 1 for info in persistence):
        problems.append("appendonly is off (set `appendonly yes`)")
    for policy in sorted(policies - {"noeviction"}):
        problems.append(f"maxmemory-policy is {policy!r} (set `maxmemory-policy noeviction`)")
    if problems:
        raise UnsafeRedis("refusing to run against this Redis: " + "; ".join(problems))


@dataclass
class Runtime:
    """The parts a service's handlers and routes use."""

    service: str
    settings: Settings
    redis: aioredis.Redis
    broker: RedisBroker
    consumer: Consumer[object]
    store: EventStore
    clock: Clock
    background: list[Callable[[], asyncio.Task[None]]] = field(default_factory=list)

    def outbox_streams(self, producer: str) -> list[str]:
        return [keys.outbox(p, producer) for p in range(self.settings.partitions)]

    def due_streams(self) -> list[str]:
        return [keys.due_stream(p, self.service) for p in range(self.settings.partitions)]


def redis_client(settings: Settings) -> aioredis.Redis:
    """The process's client (``shared.infra.connection``: one server or a cluster)."""
    return connection.async_client(
        settings.redis_connection_url(), max_connections=settings.redis_max_connections
    )


def build_runtime(service: str, settings: Settings) -> Runtime:
    redis = redis_client(settings)
    # Per-message "Received"/"Processed" lines at DEBUG: at INFO they cost ~8 % of a busy
    # consumer's time (bench/slice.py) and say nothing the service's own logs do not.
    broker = connection.broker(
        settings.redis_connection_url(),
        logger=logging.getLogger("faststream.access"),
        graceful_timeout=settings.shutdown_timeout_seconds,  # in-flight handlers finish
        log_level=logging.DEBUG,
    )
    consumer: Consumer[object] = Consumer(
        broker=broker,
        redis=redis,
        service=service,
        name=consumer_name(service),
        dead_letter_after=settings.dead_letter_after,
        reclaim_idle_ms=settings.reclaim_idle_ms,
        batch_size=settings.batch_size,
        poll_interval_ms=settings.poll_interval_ms,
        max_payload_bytes=settings.max_payload_bytes,
        max_in_flight=settings.max_in_flight,
        transient_backoff_cap_s=settings.transient_backoff_cap_s,
        transient_alert_after_s=settings.transient_alert_after_s,
        crash_dead_letter_after=settings.crash_dead_letter_after,
        partitions=settings.partitions,
        lease_ms=settings.partition_lease_ms,
        shutdown_timeout_s=settings.shutdown_timeout_seconds,
    )
    store = event_store(redis, service, settings.partitions, settings.redis_connection_url(),
                        settings.append_replicas, settings.append_replica_timeout_ms,
                        settings.dedupe_retention_s)  # fmt: skip
    clock = clock_from_settings(settings, redis)
    return Runtime(service, settings, redis, broker, consumer, store, clock)


Wire = Callable[[Runtime], object]
"""A service's composition root: builds its container on the runtime, follows its streams."""
