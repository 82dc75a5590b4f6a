"""Composition root of customers: the registry API over the event store and the vault."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.customers.adapters.access_log import RedisAccessLog
from services.customers.adapters.credit_files import (
    load_credit_policy,
    load_rewards,
    load_scorecard,
)
from services.customers.adapters.directory_store import RedisDirectoryStore
from services.customers.adapters.ingest_rejections import RedisCustomerRejections
from services.customers.adapters.lock import RedisRegistrationLock
from services.customers.adapters.master_key import master_key
from services.customers.adapters.shredded_ledger import FileShreddedLedger
from services.customers.adapters.vault import RedisPersonalDataVault
from services.customers.application.container import Container
from services.customers.application.credit import CreditAccounts
from services.customers.application.credit_admin import CreditAdministration
from services.customers.application.erasure import Erasures
from services.customers.application.importing import CsvImport
from services.customers.application.master_data import MasterDataUseCases
from services.customers.application.service import SERVICE, Customers
from services.customers.domain.creditfile import (
    CREDIT_AGGREGATE,
    CreditState,
    evolve_credit,
    initial_credit,
)
from services.customers.domain.state import AGGREGATE_TYPE, CustomerState, evolve, initial
from services.customers.entrypoints import (
    api,
    credit_admin,
    credit_file,
    credit_rewards,
    erasure,
    internal,
    master_data,
    orders,
)
from services.customers.entrypoints.subscribe import subscribe
from shared.infra.redis_repository import RedisRepository
from shared.infra.runtime import Runtime
from shared.infra.settings import Settings
from shared.web.service import create_service_app

# Every order check appends its answer to the credit account: an account checked often
# loads from its snapshot plus at most this many events.
CREDIT_SNAPSHOT_EVERY = 50


def build(settings: Settings | None = None) -> FastAPI:
    """The customers process; nothing connects until the app's lifespan starts.

    Refuses (``MasterKeyMissing``) to build in production without a PII master key.
    """
    settings = settings or Settings()
    master = master_key(settings)

    def wire(rt: Runtime) -> Container:
        repository = RedisRepository(
            rt.store, AGGREGATE_TYPE, initial, evolve, CustomerState, rt.clock
        )
        vault = RedisPersonalDataVault(rt.redis, master)
        lock, access_log = RedisRegistrationLock(rt.redis), RedisAccessLog(rt.redis)
        directory = RedisDirectoryStore(rt.redis)
        customers = Customers(repository, vault, lock, access_log, rt.clock, directory)
        records = MasterDataUseCases(customers)
        ledger = (
            FileShreddedLedger(Path(settings.shredded_ledger)) if settings.shredded_ledger else None
        )
        credit_repository = RedisRepository(
            rt.store,
            CREDIT_AGGREGATE,
            initial_credit,
            evolve_credit,
            CreditState,
            rt.clock,
            snapshot_every=CREDIT_SNAPSHOT_EVERY,
        )
        credit = CreditAccounts(
            credit_repository,
            customers,
            load_scorecard(),
            rt.clock,
            load_credit_policy(),
            rewards=load_rewards(),
        )
        wired = Container(
            customers=customers,
            erasures=Erasures(customers, ledger),
            master_data=records,
            csv_import=CsvImport(records),
            rejections=RedisCustomerRejections(rt.redis, rt.clock),
            credit=credit,
            credit_admin=CreditAdministration(credit),
        )
        subscribe(rt, wired)
        return wired

    routers = [
        api.router,
        erasure.router,
        internal.router,
        master_data.router,
        credit_file.router,
        credit_rewards.router,
        orders.router,
        credit_admin.router,
    ]
    return create_service_app(SERVICE, settings, wire=wire, routers=routers)
