"""Health, readiness and Prometheus metrics routes every service serves."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, REGISTRY, generate_latest
from redis.exceptions import RedisError

from shared.infra import keys
from shared.infra.metrics import READY
from shared.web.state import is_ready, redis_of

READY_PING_TIMEOUT_S = 1.0
READY_PROBE_TTL_MS = 10_000


async def _not_ready_reason(request: Request, service: str) -> str | None:
    if not is_ready(request):
        return "starting or stopping"
    redis = redis_of(request)
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
        READY.labels(service=service).set(0 if reason is not None else 1)
        if reason is not None:
            body = {"status": "not ready", "service": service, "reason": reason}
            return JSONResponse(body, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
        return JSONResponse({"status": "ready", "service": service})

    @router.get("/metrics", response_class=Response)
    async def metrics(request: Request) -> Response:
        # Asked at every scrape, the same question /readyz answers.
        ready = await _not_ready_reason(request, service) is None
        READY.labels(service=service).set(1 if ready else 0)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    return router
