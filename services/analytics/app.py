"""Composition root of analytics: the projection over the outbound streams, its reports."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.analytics.adapters.excel import workbook
from services.analytics.adapters.gauges import refresh_forever
from services.analytics.adapters.logistic import fit_logistic
from services.analytics.adapters.redis_facts import RedisFactStore, RedisRecordedEvents
from services.analytics.application.container import Container
from services.analytics.application.projection import NotLoaded, Projection
from services.analytics.application.reports import Reports
from services.analytics.domain.errors import AnalyticsError
from services.analytics.domain.intake import FOLLOWED
from services.analytics.entrypoints import admin, api, internal
from services.analytics.entrypoints.subscribe import subscribe
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app

SERVICE = "analytics"


def build(settings: Settings | None = None) -> FastAPI:
    """The analytics process; nothing connects until the app's lifespan starts."""
    settings = settings or Settings()
    zone = ZoneInfo(settings.business_timezone)

    def wire(rt: Runtime) -> Container:
        projection = Projection(
            store=RedisFactStore(rt.redis, settings.partitions),
            recorded=RedisRecordedEvents(rt.redis, settings.partitions, FOLLOWED),
            zone=zone,
        )
        wired = Container(projection, Reports(projection, fit_logistic), rt.clock, zone, workbook)
        rt.background.append(lambda: asyncio.create_task(_load_then_gauge(wired)))
        subscribe(rt, wired)
        return wired

    app = create_service_app(
        SERVICE, settings, wire=wire, routers=[api.router, admin.router, internal.router]
    )
    app.add_exception_handler(AnalyticsError, _refused)
    app.add_exception_handler(NotLoaded, _loading)
    return app


async def _load_then_gauge(wired: Container) -> None:
    await wired.projection.load()
    await refresh_forever(wired.reports, wired.today)


async def _refused(_: Request, exc: Exception) -> JSONResponse:
    code = getattr(exc, "code", "analytics_rule_violated")
    return JSONResponse(
        status_code=422, content={"error": code, "rule": type(exc).__name__, "detail": str(exc)}
    )


async def _loading(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=503, content={"error": "loading", "detail": str(exc)})
