"""Composition root of the notifications service."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
from fastapi import FastAPI

from services.notifications.adapters.channels import (
    channels_for,
    inbound_secret_for,
    links_for,
)
from services.notifications.adapters.compliance import gate_for, sender_for
from services.notifications.adapters.consent_client import HttpConsentRecorder
from services.notifications.adapters.customers_client import HttpContactDirectory
from services.notifications.adapters.history import with_send_history
from services.notifications.adapters.locator import StreamRequestLocator
from services.notifications.adapters.redis_keys import RedisInFlight, RedisRequestIndex
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.application.deliver import Notifier
from services.notifications.application.evidence import EvidenceExport
from services.notifications.application.inbound import Inbound
from services.notifications.application.optout import OptOuts
from services.notifications.application.views import NotificationQueries
from services.notifications.domain.state import (
    AGGREGATE_TYPE,
    NotificationState,
    evolve,
    initial,
)
from services.notifications.entrypoints.api import evidence_router, router
from services.notifications.entrypoints.handlers import subscribe
from services.notifications.entrypoints.inbound import router as public_router
from shared.infra.legacy_repository import Repository
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app

SERVICE = "notifications"


def build(settings: Settings | None = None) -> FastAPI:
    """The notifications process: follows collections, sends, serves the evidence."""
    settings = settings or Settings()
    renderer = JinjaRenderer(sender=sender_for(settings))  # linted before anything connects
    app: FastAPI

    def wire(rt: Runtime) -> None:
        http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        rt.background.append(lambda: asyncio.create_task(_close_when_cancelled(http)))
        repository = Repository(rt.store, AGGREGATE_TYPE, initial, evolve, NotificationState)
        index, locator = (
            RedisRequestIndex(rt.redis),
            StreamRequestLocator(rt.redis, settings.partitions),
        )
        notifier = Notifier(
            repository=repository,
            contacts=with_send_history(HttpContactDirectory(
                http, settings.customers_url, settings.internal_api_key), rt, settings.partitions),
            gate=gate_for(settings),
            channels=channels_for(settings, http), renderer=renderer, clock=rt.clock,
            in_flight=RedisInFlight(rt.redis), index=index, links=links_for(settings),
            lease_ms=settings.send_lease_ms,
        )  # fmt: skip
        app.state.notifications = NotificationQueries(repository, rt.store, locator)
        consent = HttpConsentRecorder(http, settings.customers_url, settings.internal_api_key)
        app.state.optouts = OptOuts(notifier, consent)
        app.state.inbound = Inbound(app.state.optouts, locator)
        app.state.unsubscribe_links = notifier.links
        app.state.sms_inbound_secret = inbound_secret_for(settings)
        app.state.evidence = EvidenceExport(rt.store, index)
        subscribe(rt, notifier)

    app = create_service_app(
        SERVICE, settings, wire=wire, routers=[public_router, evidence_router, router]
    )
    return app


async def _close_when_cancelled(client: httpx.AsyncClient) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        with contextlib.suppress(Exception):
            await client.aclose()
