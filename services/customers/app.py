"""Composition root of customers: the registry API over the event store and the vault."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from services.customers.adapters.lock import RedisRegistrationLock
from services.customers.adapters.master_key import master_key
from services.customers.adapters.vault import RedisPersonalDataVault
from services.customers.application.erasure import Erasures
from services.customers.application.service import SERVICE, Customers
from services.customers.domain.state import AGGREGATE_TYPE, CustomerState, evolve, initial
from services.customers.entrypoints import api, erasure, internal
from services.customers.entrypoints.shred_timers import parse_shred, shred_timer_handler
from shared.infra.legacy_repository import Repository
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app


def build(settings: Settings | None = None) -> FastAPI:
    """The customers process; nothing connects until the app's lifespan starts.

    Refuses (``MasterKeyMissing``) to build in production without a PII master key.
    """
    settings = settings or Settings()
    master = master_key(settings)

    def wire(rt: Runtime) -> None:
        # Customers follows only its own due timers (the shredding after an erasure).
        repository = Repository(rt.store, AGGREGATE_TYPE, initial, evolve, CustomerState)
        vault = RedisPersonalDataVault(rt.redis, master)
        customers = Customers(repository, vault, RedisRegistrationLock(rt.redis), rt.clock)
        app.state.customers, app.state.erasures = customers, Erasures(customers)
        # The runtime's Consumer is typed for `object`; the handler gets what its parser returns.
        follow: Any = rt.consumer.follow
        follow(rt.due_streams(), shred_timer_handler(app.state.erasures), parse_shred)

    routers = [api.router, erasure.router, internal.router]
    app = create_service_app(SERVICE, settings, wire=wire, routers=routers)
    return app
