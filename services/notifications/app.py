"""Composition root of the notifications service."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
from fastapi import FastAPI

from services.notifications.adapters.customers_client import HttpContactDirectory
from services.notifications.adapters.email_channel import SmtpEmailChannel
from services.notifications.adapters.locator import StreamRequestLocator
from services.notifications.adapters.log_channel import LogChannel
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.application.deliver import Notifier
from services.notifications.application.ports import Channel
from services.notifications.application.views import NotificationQueries
from services.notifications.domain.state import (
    AGGREGATE_TYPE,
    NotificationState,
    evolve,
    initial,
)
from services.notifications.entrypoints.api import router
from services.notifications.entrypoints.handlers import subscribe
from shared.aggregate import Repository
from shared.runtime import Runtime, create_service_app
from shared.settings import Settings

SERVICE = "notifications"


def channels_for(settings: Settings) -> dict[str, Channel]:
    channels: dict[str, Channel] = {"log": LogChannel()}
    if settings.email_enabled:
        channels["email"] = SmtpEmailChannel(
            settings.smtp_host, settings.smtp_port, settings.smtp_sender
        )
    return channels


def build(settings: Settings | None = None) -> FastAPI:
    """The notifications process: follows collections, sends, serves the evidence."""
    settings = settings or Settings()
    renderer = JinjaRenderer()  # templates are checked before anything connects
    app: FastAPI

    def wire(rt: Runtime) -> None:
        http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        rt.background.append(lambda: asyncio.create_task(_close_when_cancelled(http)))
        repository = Repository(rt.store, AGGREGATE_TYPE, initial, evolve, NotificationState)
        notifier = Notifier(
            repository=repository,
            contacts=HttpContactDirectory(http, settings.customers_url, settings.internal_api_key),
            channels=channels_for(settings), renderer=renderer, clock=rt.clock,
        )  # fmt: skip
        app.state.notifications = NotificationQueries(
            repository, rt.store, StreamRequestLocator(rt.redis, settings.partitions)
        )
        subscribe(rt, notifier)

    app = create_service_app(SERVICE, settings, wire=wire, routers=[router])
    return app


async def _close_when_cancelled(client: httpx.AsyncClient) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        with contextlib.suppress(Exception):
            await client.aclose()
