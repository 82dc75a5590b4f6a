"""Composition root of collections: the debtor aggregate, its policies, handlers and API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.collections.adapters.analytics import HttpRecoveryPredictions
from services.collections.adapters.policy_files import load_book
from services.collections.adapters.worklist_store import RedisWorklistStore, worklist_row
from services.collections.application.container import Container
from services.collections.application.service import SERVICE, Collections
from services.collections.application.worklist import Worklist
from services.collections.domain.book import PolicyBook
from services.collections.domain.state import AGGREGATE_TYPE, Debtor, evolve, initial
from services.collections.entrypoints import api, collector_api, internal_api, whatif_api
from services.collections.entrypoints.subscribe import subscribe
from shared.infra.redis_repository import RedisRepository
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app

SNAPSHOT_EVERY = 50  # a long-dunned debtor loads from its snapshot plus at most 50 events


def build(
    settings: Settings | None = None,
    book: PolicyBook | None = None,
    policies: Path | None = None,
) -> FastAPI:
    """The collections process; nothing connects until the app's lifespan starts.

    The policy book is loaded (and validated) here, at build time: a bad policy file stops
    the process before it consumes anything (``HUIKUAN_COLLECTIONS_POLICIES`` or ``policies``).
    """
    settings = settings or Settings()
    book = book or load_book(policies)

    def wire(rt: Runtime) -> Container:
        repository = RedisRepository(
            rt.store, AGGREGATE_TYPE, initial, evolve, Debtor, rt.clock,
            snapshot_every=SNAPSHOT_EVERY, project=worklist_row(book),
            cache_size=settings.state_cache_size,
        )  # fmt: skip
        worklist = Worklist(RedisWorklistStore(rt.redis, settings.partitions), book)
        collections = Collections(repository, rt.clock, book, worklist, worklist_in_append=True)
        predictions = (
            HttpRecoveryPredictions(settings.analytics_url, settings.internal_api_key)
            if settings.analytics_url
            else None
        )
        wired = Container(collections, worklist, predictions)
        subscribe(rt, wired)
        return wired

    routers = [api.router, collector_api.router, internal_api.router, whatif_api.router]
    return create_service_app(SERVICE, settings, wire=wire, routers=routers)
