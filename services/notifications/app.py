"""Composition root of the notifications service."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import httpx
from fastapi import FastAPI

from services.notifications.adapters.channels import channels_for, inbound_secret_for, links_for
from services.notifications.adapters.collections import HttpDebtorStandings
from services.notifications.adapters.compliance import gate_for, sender_for
from services.notifications.adapters.customers import HttpConsentRecorder, HttpContactDirectory
from services.notifications.adapters.evidence_pdf import evidence_pdf
from services.notifications.adapters.history import RedisSendHistory, WithSendHistory
from services.notifications.adapters.locator import StreamRequestLocator
from services.notifications.adapters.redis_keys import (
    RedisHandoffs,
    RedisInFlight,
    RedisRequestIndex,
)
from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.application.container import Container
from services.notifications.application.deliver import Notifier
from services.notifications.application.evidence import EvidenceExport
from services.notifications.application.inbound import Inbound
from services.notifications.application.optout import OptOuts
from services.notifications.application.views import NotificationQueries
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState, evolve, initial
from services.notifications.entrypoints.api import debtor_router, evidence_router, router
from services.notifications.entrypoints.inbound import router as public_router
from services.notifications.entrypoints.subscribe import subscribe
from shared.infra.redis_repository import RedisRepository
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app

SERVICE = "notifications"


def build(settings: Settings | None = None) -> FastAPI:
    """The notifications process: follows collections, sends, serves the evidence."""
    settings = settings or Settings()
    if settings.collections_url is None and settings.environment in ("staging", "production"):
        raise ValueError(
            f"HUIKUAN_COLLECTIONS_URL must be set in {settings.environment}: deferred and "
            "retried messages are re-checked against the debtor's standing before sending"
        )
    renderer = JinjaRenderer(  # linted before anything connects (or its verdict kept)
        sender=sender_for(settings),
        verdicts=Path(settings.notifications_var_dir) / "template-lint",
    )

    def wire(rt: Runtime) -> Container:
        http = httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        rt.background.append(lambda: asyncio.create_task(_close_when_cancelled(http)))
        repository = RedisRepository(
            rt.store, AGGREGATE_TYPE, initial, evolve, NotificationState, rt.clock
        )
        index = RedisRequestIndex(rt.redis)
        locator = StreamRequestLocator(rt.redis, settings.partitions)
        send_log = RedisSendHistory(rt.redis, settings.partitions)
        links = links_for(settings)
        directory = HttpContactDirectory(http, settings.customers_url, settings.internal_api_key)
        standings = standings_for(settings, http)
        notifier = Notifier(
            repository=repository, contacts=WithSendHistory(directory, send_log),
            gate=gate_for(settings), channels=channels_for(settings, http), renderer=renderer,
            clock=rt.clock, in_flight=RedisInFlight(rt.redis), index=index,
            links=links, lease_ms=settings.send_lease_ms, standings=standings,
            handoffs=RedisHandoffs(rt.redis), send_log=send_log,
        )  # fmt: skip
        consent = HttpConsentRecorder(http, settings.customers_url, settings.internal_api_key)
        optouts = OptOuts(notifier, consent)
        wired = Container(
            notifier=notifier, queries=NotificationQueries(repository, locator, index),
            optouts=optouts, inbound=Inbound(optouts, locator), links=links,
            evidence=EvidenceExport(repository, index), evidence_document=evidence_pdf,
            send_log=send_log, sms_inbound_secret=inbound_secret_for(settings), clock=rt.clock,
        )  # fmt: skip
        subscribe(rt, wired)
        return wired

    routers = [public_router, evidence_router, debtor_router, router]
    return create_service_app(SERVICE, settings, wire=wire, routers=routers)


def standings_for(settings: Settings, http: httpx.AsyncClient) -> HttpDebtorStandings | None:
    if settings.collections_url is None:
        return None
    return HttpDebtorStandings(http, settings.collections_url, settings.internal_api_key)


async def _close_when_cancelled(client: httpx.AsyncClient) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        with contextlib.suppress(Exception):
            await client.aclose()
