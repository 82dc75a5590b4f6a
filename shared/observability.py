"""Health, readiness and Prometheus metrics shared by every service.

Metric labels carry service names, event types, outcomes and stream names only; never
ids or personal data (label values are unbounded otherwise, and they are not redacted).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from redis.exceptions import RedisError

from shared import keys

READY_PING_TIMEOUT_S = 1.0
READY_PROBE_TTL_MS = 10_000

EVENTS_HANDLED = Counter(
    "huikuan_events_handled_total",
    "Events or commands handled by a subscriber, by outcome (ok, duplicate, error, dead).",
    ["service", "type", "outcome"],
)
EVENTS_APPENDED = Counter(
    "huikuan_events_appended_total",
    "Domain events appended to aggregate streams.",
    ["service", "type"],
)
DEAD_LETTERED = Counter(
    "huikuan_dead_lettered_total",
    "Messages moved to a dead-letter stream after too many failed deliveries.",
    ["service", "stream"],
)
HANDLER_SECONDS = Histogram(
    "huikuan_handler_seconds",
    "Time spent handling one message.",
    ["service", "type"],
)
TRANSIENT_FAILURES = Counter(
    "huikuan_transient_failures_total",
    "Handler or bookkeeping failures classified as transient (retried in place, never "
    "dead-lettered), by error type.",
    ["service", "error"],
)
TRANSIENT_WAITING = Gauge(
    "huikuan_entries_waiting_on_transient",
    "Entries whose handler is being retried in place after a transient failure.",
    ["service"],
)
TRANSIENT_STUCK = Gauge(
    "huikuan_entries_stuck_on_transient",
    "Entries that have waited longer than HUIKUAN_TRANSIENT_ALERT_AFTER_S on a transient "
    "failure (alert on this, not on dead letters).",
    ["service"],
)
RECLAIMED = Counter(
    "huikuan_entries_reclaimed_total",
    "Entries taken over from a consumer that left them idle (crashed or stopped).",
    ["service", "stream"],
)
TIMERS_FIRED = Counter(
    "huikuan_timers_fired_total",
    "Timers that came due and were moved to the due stream.",
    ["service"],
)


async def _not_ready_reason(request: Request, service: str) -> str | None:
    if not getattr(request.app.state, "ready", False):
        return "starting or stopping"
    redis = getattr(request.app.state, "redis", None)
    if redis is None:
        return "no redis client"
    try:
        # A cheap write, not a PING: Redis that answers but refuses writes (out of memory
        # under noeviction, a read-only replica, a revoked ACL) cannot serve this service.
        await asyncio.wait_for(
            redis.set(keys.ready_probe(service), "1", px=READY_PROBE_TTL_MS),
            READY_PING_TIMEOUT_S,
        )
    except (RedisError, OSError, TimeoutError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else ""
        return f"redis refuses writes or is unreachable ({type(exc).__name__}: {detail})"
    return None


def health_router(service: str) -> APIRouter:
    """``/healthz`` (process alive), ``/readyz`` (started, and Redis takes writes), ``/metrics``."""
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @router.get("/readyz", responses={503: {"description": "Not ready"}})
    async def readyz(request: Request) -> JSONResponse:
        reason = await _not_ready_reason(request, service)
        if reason is not None:
            body = {"status": "not ready", "service": service, "reason": reason}
            return JSONResponse(body, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        return JSONResponse({"status": "ready", "service": service})

    @router.get("/metrics", response_class=Response)
    async def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    return router
