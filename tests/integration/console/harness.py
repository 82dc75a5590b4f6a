"""The console app in-process (lifespan entered) on the session's Redis, with a clock the
test moves, and an HTTP client that keeps cookies the way a browser does."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from services.console.app import build
from services.console.application.context import Console
from services.console.settings import ConsoleSettings
from shared.infra.api_keys import api_key_secret
from shared.infra.settings import Settings
from shared.web.state import container

SECRET = "integration-console-secret-" + "5" * 32
START = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


@dataclass
class Clock:
    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Running:
    app: FastAPI
    client: httpx.AsyncClient
    clock: Clock

    @property
    def console(self) -> Console:
        found = container(self.app, Console)
        return found

    async def token(self, path: str = "/sign-in") -> str:
        page = await self.client.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    async def sign_in(self, username: str, password: str) -> httpx.Response:
        data = {"username": username, "password": password, "csrf_token": await self.token()}
        return await self.client.post("/sign-in", data=data)


@asynccontextmanager
async def running_console(
    redis_url: str, tmp: str, environment: str = "test", https: bool = True
) -> AsyncIterator[Running]:
    settings = ConsoleSettings(redis_url=redis_url, environment=environment,  # type: ignore[arg-type]
                               console_secret=SECRET, console_var_dir=tmp,
                               api_key_secret=api_key_secret(Settings()))  # fmt: skip
    clock = Clock()
    app = build(settings, clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        base = "https://console.test" if https else "http://console.test"
        async with httpx.AsyncClient(transport=transport, base_url=base) as client:
            yield Running(app, client, clock)
