"""Composition root of collections: the debtor aggregate, its stream handlers and API."""

from __future__ import annotations

from fastapi import FastAPI

from services.collections.application.service import SERVICE, Collections
from services.collections.domain.policy import SLICE_POLICY, DunningPolicy
from services.collections.domain.state import AGGREGATE_TYPE, Debtor, evolve, initial
from services.collections.entrypoints import api
from services.collections.entrypoints.handlers import subscribe
from shared.aggregate import Repository
from shared.runtime import Runtime, create_service_app
from shared.settings import Settings


def build(settings: Settings | None = None, policy: DunningPolicy = SLICE_POLICY) -> FastAPI:
    """The collections process; nothing connects until the app's lifespan starts."""
    settings = settings or Settings()

    def wire(rt: Runtime) -> None:
        repository = Repository(rt.store, AGGREGATE_TYPE, initial, evolve, Debtor)
        collections = Collections(repository, rt.clock, policy)
        app.state.collections = collections
        subscribe(rt, collections)

    app = create_service_app(SERVICE, settings, wire=wire, routers=[api.router])
    return app
