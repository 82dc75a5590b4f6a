"""Composition root of the console: Redis for its own keys, the services' APIs, the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import redis.asyncio as aioredis
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from services.console.adapters.api_keys import ApiKeys
from services.console.adapters.charts import PygalCharts
from services.console.adapters.passwords import Argon2Passwords
from services.console.adapters.redis_accounts import RedisAccounts, RedisSessions
from services.console.adapters.secrets import SealedKeys, console_secret
from services.console.adapters.services_api import HttpServicesApi
from services.console.application.accounts import Accounts, NoApiAccess
from services.console.application.context import Console
from services.console.application.ports import Clock
from services.console.domain.accounts import LockoutRule
from services.console.entrypoints import admin, auth, debtor, health, tasks, worklist
from services.console.entrypoints.web import (
    PasswordChangeNeeded,
    SignInNeeded,
    check_csrf,
    render,
)
from services.console.settings import ConsoleSettings
from shared.infra.api_keys import key_book
from shared.infra.logging import configure_logging
from shared.infra.runtime import redis_client
from shared.web.state import attach_container, attach_redis

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    # pygal's inline config script is refused on purpose: the charts need no script.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_console(
    settings: ConsoleSettings, redis: aioredis.Redis, clock: Clock = system_clock
) -> Console:
    secret = console_secret(settings)
    sessions = RedisSessions(redis, clock)
    keys = ApiKeys(key_book(redis, settings))
    rule = LockoutRule(
        failures=settings.console_lockout_failures,
        lock_for=dt.timedelta(minutes=settings.console_lockout_minutes),
    )
    accounts = Accounts(RedisAccounts(redis), Argon2Passwords(), keys, SealedKeys(secret),
                        sessions, clock, rule)  # fmt: skip
    api = HttpServicesApi(settings.service_urls(), settings.console_api_timeout_s)
    return Console(settings, secret, accounts, sessions, api, keys, PygalCharts())


def build(settings: ConsoleSettings | None = None, clock: Clock = system_clock) -> FastAPI:
    """The console process; nothing connects until the app's lifespan starts."""
    settings = settings or ConsoleSettings()
    configure_logging("console", json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = redis_client(settings)
        console = build_console(settings, redis, clock)
        attach_redis(app, redis)
        attach_container(app, console)
        try:
            yield
        finally:
            await console.api.aclose()
            await redis.aclose()

    app = FastAPI(title="Huikuan console", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None, dependencies=[Depends(check_csrf)])  # fmt: skip
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (health.router, auth.router, worklist.router, tasks.router, debtor.router,
                   admin.router):  # fmt: skip
        app.include_router(router)
    _install_handlers(app)
    return app


def _install_handlers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next: object) -> Response:
        response: Response = await call_next(request)  # type: ignore[operator]
        response.headers.update(SECURITY_HEADERS)
        if "text/html" in response.headers.get("content-type", ""):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(SignInNeeded)
    async def to_sign_in(request: Request, _: SignInNeeded) -> Response:
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/sign-in"})
        return RedirectResponse("/sign-in", 303)

    @app.exception_handler(PasswordChangeNeeded)
    async def to_password(request: Request, _: PasswordChangeNeeded) -> Response:
        return RedirectResponse("/password", 303)

    @app.exception_handler(NoApiAccess)
    async def no_api_access(request: Request, _: NoApiAccess) -> Response:
        return render(request, "error.html", 503, message="your account has no API access: "
                      "ask an administrator to disable and enable it")  # fmt: skip

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path in ("/healthz", "/readyz"):
            return JSONResponse({"detail": exc.detail}, exc.status_code)
        return render(request, "error.html", exc.status_code, message=str(exc.detail))
