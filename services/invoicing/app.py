"""Composition root of invoicing: the accounts, the API, the ingest stream, the due watch."""

from __future__ import annotations

from fastapi import FastAPI

from services.invoicing.adapters.collections_balances import HttpReconciler
from services.invoicing.adapters.index import RedisInvoiceIndex
from services.invoicing.adapters.rate_packs import load_packs
from services.invoicing.adapters.rejections import RedisRejectionLog
from services.invoicing.adapters.statement_pdf import render_statement
from services.invoicing.application.container import Container
from services.invoicing.application.service import SERVICE, Invoicing
from services.invoicing.application.statement_links import StatementLinks
from services.invoicing.domain.account_state import AGGREGATE_TYPE, AccountState, evolve, initial
from services.invoicing.domain.decide import AccountRules
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.entrypoints import accounts, admin, api, statements
from services.invoicing.entrypoints.subscribe import subscribe
from shared.infra.api_keys import api_key_secret
from shared.infra.redis_repository import RedisRepository
from shared.infra.runtime import Runtime
from shared.infra.settings import SERVICE_PORTS, Settings
from shared.web.service import create_service_app


def build(settings: Settings | None = None) -> FastAPI:
    """The invoicing process; nothing connects until the app's lifespan starts."""
    settings = settings or Settings()
    rules = AccountRules(
        packs=load_packs(),
        watch=DueWatch(settings.grace_days, settings.business_timezone),
        value_date_tolerance_days=settings.value_date_tolerance_days,
    )

    def wire(rt: Runtime) -> Container:
        repository = RedisRepository(
            rt.store, AGGREGATE_TYPE, initial, evolve, AccountState, rt.clock
        )
        index = RedisInvoiceIndex(rt.redis, settings.partitions)
        invoicing = Invoicing(repository, index, rules)
        wired = Container(
            invoicing=invoicing,
            index=index,
            rejections=RedisRejectionLog(rt.redis, rt.clock),
            reconcile=HttpReconciler(
                invoicing,
                settings.collections_url or f"http://127.0.0.1:{SERVICE_PORTS['collections']}",
            ),
            render_statement=render_statement,
            links=StatementLinks(api_key_secret(settings)),
        )
        subscribe(rt, wired)
        return wired

    routers = [api.router, accounts.router, statements.router, admin.router]
    return create_service_app(SERVICE, settings, wire=wire, routers=routers)
