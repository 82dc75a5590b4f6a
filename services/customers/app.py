"""Composition root of customers: the registry API over the event store and the vault."""

from __future__ import annotations

from fastapi import FastAPI

from services.customers.adapters.lock import RedisRegistrationLock
from services.customers.adapters.master_key import master_key
from services.customers.adapters.vault import RedisPersonalDataVault
from services.customers.application.service import SERVICE, Customers
from services.customers.domain.state import AGGREGATE_TYPE, CustomerState, evolve, initial
from services.customers.entrypoints import api, internal
from shared.aggregate import Repository
from shared.runtime import Runtime, create_service_app
from shared.settings import Settings


def build(settings: Settings | None = None) -> FastAPI:
    """The customers process; nothing connects until the app's lifespan starts.

    Refuses (``MasterKeyMissing``) to build in production without a PII master key.
    """
    settings = settings or Settings()
    master = master_key(settings)

    def wire(rt: Runtime) -> None:
        # Customers follows no streams yet: it only answers its API.
        repository = Repository(rt.store, AGGREGATE_TYPE, initial, evolve, CustomerState)
        vault = RedisPersonalDataVault(rt.redis, master)
        app.state.customers = Customers(
            repository, vault, RedisRegistrationLock(rt.redis), rt.clock
        )

    app = create_service_app(SERVICE, settings, wire=wire, routers=[api.router, internal.router])
    return app
