"""Composition root of invoicing: the API, the ingest stream and the due-date watch."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from services.invoicing.adapters.index import RedisInvoiceIndex
from services.invoicing.adapters.rejections import INGEST_STREAM, RedisRejectionLog
from services.invoicing.application.service import SERVICE, Invoicing
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.state import AGGREGATE_TYPE, InvoiceState, evolve, initial
from services.invoicing.entrypoints import admin, api
from services.invoicing.entrypoints.due_timers import due_timer_handler, parse_due_check
from services.invoicing.entrypoints.ingest import ingest_handler, parse_ingest
from shared.infra.repository import Repository
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app


def build(settings: Settings | None = None) -> FastAPI:
    """The invoicing process; nothing connects until the app's lifespan starts."""
    settings = settings or Settings()
    watch = DueWatch(settings.grace_days, settings.business_timezone)

    def wire(rt: Runtime) -> None:
        index = RedisInvoiceIndex(rt.redis, settings.partitions)
        repository = Repository(rt.store, AGGREGATE_TYPE, initial, evolve, InvoiceState)
        invoicing = Invoicing(repository, index, rt.clock, watch)
        rejections = RedisRejectionLog(rt.redis, rt.clock)
        app.state.invoicing, app.state.invoice_index = invoicing, index
        app.state.rejections = rejections
        # The runtime's Consumer is typed for `object`; each handler gets what its parser returns.
        follow: Any = rt.consumer.follow
        # Keyed batches: commands about different invoices run together, one invoice's in order.
        follow([INGEST_STREAM], ingest_handler(invoicing, rejections), parse_ingest,
               key=lambda command: command.external_number)  # fmt: skip
        follow(rt.due_streams(), due_timer_handler(invoicing), parse_due_check,
               key=lambda check: check.external_number)  # fmt: skip

    app = create_service_app(SERVICE, settings, wire=wire, routers=[api.router, admin.router])
    return app
