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
from services.invoicing.entrypoints import accounts, admin, api, statement_pages, statements
from services.invoicing.entrypoints.subscribe import subscribe
from shared.infra.api_keys import api_key_secret
from shared.infra.redis_repository import RedisRepository
from shared.infra.runtime import Runtime
from shared.infra.settings import SERVICE_PORTS, Settings
from shared.web.service import create_service_app

SNAPSHOT_EVERY = 50
"""An account loads from its snapshot plus at most 50 events. Its first append (the opening,
or an invoice held for a customer not yet known) writes one too: a new state and the fold
of that first fact cost more than parsing the state (150,000 instructions against 58,000),
and an account opened is mostly first loaded cold, when its first invoice comes."""


def build(settings: Settings | None = None) -> FastAPI:
    """The invoicing process; nothing connects until the app's lifespan starts."""
    settings = settings or Settings()
    base_url, packs = public_url(settings), load_packs()

    def wire(rt: Runtime) -> Container:
        links = StatementLinks(api_key_secret(settings), base_url)
        rules = AccountRules(
            packs=packs,
            watch=DueWatch(settings.grace_days, settings.business_timezone),
            value_date_tolerance_days=settings.value_date_tolerance_days,
            links=links,
        )
        repository = RedisRepository(
            rt.store,
            AGGREGATE_TYPE,
            initial,
            evolve,
            AccountState,
            rt.clock,
            snapshot_every=SNAPSHOT_EVERY,
            snapshot_first=True,
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
            links=links,
            clock=rt.clock,
        )
        subscribe(rt, wired)
        return wired

    routers = [api.router, accounts.router, statements.router, statement_pages.router,
               admin.router]  # fmt: skip
    return create_service_app(SERVICE, settings, wire=wire, routers=routers)


def public_url(settings: Settings) -> str:
    """Where customers reach invoicing (the statement links' base): required in staging and
    production, the local development port elsewhere."""
    if settings.invoicing_public_url is None:
        if settings.environment in ("staging", "production"):
            raise ValueError(
                f"HUIKUAN_INVOICING_PUBLIC_URL must be set in {settings.environment}: the "
                "statement's confirm and dispute links are sent to customers as absolute URLs"
            )
        return f"http://127.0.0.1:{settings.port or SERVICE_PORTS['invoicing']}"
    return settings.invoicing_public_url
