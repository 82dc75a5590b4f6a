"""Liveness, readiness (Redis answers), and the way in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from redis.exceptions import RedisError

from shared.web.state import redis_of

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    try:
        redis = redis_of(request)
        if redis is None:
            raise AttributeError("no redis client")
        await redis.ping()
    except (RedisError, AttributeError) as exc:
        return JSONResponse({"status": "not ready", "reason": type(exc).__name__}, 503)
    return JSONResponse({"status": "ready"})


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/worklist", 303)
