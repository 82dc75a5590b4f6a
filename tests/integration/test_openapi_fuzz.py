"""Schemathesis over every service's OpenAPI: no input a client can send makes a route
answer 500, or answer a status its OpenAPI document does not list.

Each service runs for real (uvicorn on a loopback port, its own start-up, the session's
Redis; notifications with a customers API on a real HTTP server, invoicing with the real
collections its reconcile route asks). For every operation,
schemathesis generates valid and invalid requests — with an admin key, and with the keys a
stranger would guess — from a fixed seed (``derandomize``) and a bounded number of
examples, sends them over HTTP and checks each answer: not a server error, and a status
the operation documents.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
import redis
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import status_code_conformance

from services.analytics.app import build as build_analytics
from services.collections.app import build as build_collections
from services.customers.app import build as build_customers
from services.invoicing.app import build as build_invoicing
from services.notifications.app import build as build_notifications
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.notifications.harness import (
    INTERNAL_KEY,
    CustomersApi,
    customers_server,
    http_server,
)
from tests.support.apps import api_key
from tests.support.redis_server import RedisServer

BUILDS: dict[str, Callable[[Settings], FastAPI]] = {
    "analytics": build_analytics,
    "customers": build_customers,
    "invoicing": build_invoicing,
    "collections": build_collections,
    "notifications": build_notifications,
}
WITH_KEY_EXAMPLES = 8  # per operation and generation mode, with an admin key
# Things that exist (seeded below), so that requests reach past "not found" too.
KNOWN = {"customer_id": "C-1", "contact_id": "ct-1", "external_number": "INV-1",
         "aggregate_type": "invoice", "aggregate_id": "INV-1"}  # fmt: skip
SEEDS: dict[str, tuple[str, dict[str, Any]]] = {
    "customers": ("/customers", {
        "customer_id": "C-1", "legal_name": "Fuzz Buyer Co", "jurisdiction": "cn",
        "currency": "CNY", "contact": {
            "name": "Fuzz Person", "email": "fuzz@buyer.example", "language": "zh-CN",
            "timezone": "Asia/Shanghai", "role": "debtor_staff",
            "consent": {"email": True, "sms": False}}}),
    "invoicing": ("/invoices", {
        "external_number": "INV-1", "customer_id": "C-1",
        "amount": {"amount": "100.00", "currency": "CNY"},
        "issue_date": "2026-11-01", "due_date": "2026-11-30"}),
}  # fmt: skip
STRANGER_EXAMPLES = 3  # per operation, with whatever key schemathesis makes up
CHECKS = [not_a_server_error, status_code_conformance]


def _admin_key(url: str, name: str = "fuzz-admin", role: Role = Role.ADMIN) -> str:
    async def make() -> str:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(url)
        try:
            return await api_key(client, name, role)
        finally:
            await client.aclose()

    return asyncio.run(make())


def _fuzz(url: str, admin: str) -> list[str]:
    """Every failing operation with the first answer that failed it."""
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        auth = {"X-API-Key": admin}
        names = {p.name for p in operation.path_parameters}
        known = {name: value for name, value in KNOWN.items() if name in names}
        with_key = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE, headers=auth),
            operation.as_strategy(GenerationMode.NEGATIVE, headers=auth),
            operation.as_strategy(GenerationMode.POSITIVE, headers=auth, path_parameters=known),
        )
        for strategy, examples in ((with_key, 2 * WITH_KEY_EXAMPLES),
                                   (operation.as_strategy(), STRANGER_EXAMPLES)):  # fmt: skip

            @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=list(HealthCheck))  # fmt: skip
            @given(case=strategy)
            def run(case: Any) -> None:
                response = case.call(base_url=url, timeout=30)
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except FailureGroup as exc:
                first = str(exc).strip().splitlines()[:12]
                failures.append(f"{operation.label}:\n  " + "\n  ".join(first))
                break
    return failures


@pytest.fixture
def fresh_redis(redis_server: RedisServer) -> str:
    if redis_server.proc is None:
        redis_server.start()
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url


def _wait_until_loaded(analytics_url: str, key: str, timeout_s: float = 180) -> None:
    """Analytics answers its prediction once its projection has loaded the streams."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        answer = httpx.get(f"{analytics_url}/internal/recovery-prediction",
                           headers={"X-API-Key": key}, timeout=30)  # fmt: skip
        if answer.status_code != 503 or time.monotonic() > deadline:
            assert answer.status_code == 200, answer.text
            return
        time.sleep(0.5)


@pytest.mark.parametrize("service", sorted(BUILDS))
def test_no_input_makes_a_route_answer_500_or_a_status_it_does_not_document(
    service: str, settings: Settings, fresh_redis: str
) -> None:
    admin = _admin_key(fresh_redis)
    book = {"customer_id": "C-1", "jurisdiction": "cn", "contacts": []}
    with customers_server(CustomersApi({"C-1": book})) as customers_url:
        config = settings.model_copy(update={
            "customers_url": customers_url, "internal_api_key": INTERNAL_KEY,
            "sms_inbound_secret": "fuzz-inbound-secret", "unsubscribe_secret": "fuzz-unsub",
        })  # fmt: skip
        with ExitStack() as stack:
            if service == "invoicing":  # its reconcile route asks collections
                collections = build_collections(config)
                collections_url = stack.enter_context(http_server(collections, lifespan="on"))
                config = config.model_copy(update={"collections_url": collections_url})
            if service == "collections":  # its worklist ranks by analytics' prediction
                analytics_url = stack.enter_context(
                    http_server(build_analytics(config), lifespan="on")
                )
                internal = _admin_key(fresh_redis, "collections-service", Role.INTERNAL)
                _wait_until_loaded(analytics_url, internal)
                config = config.model_copy(
                    update={"analytics_url": analytics_url, "internal_api_key": internal}
                )
            url = stack.enter_context(http_server(BUILDS[service](config), lifespan="on"))
            if service in SEEDS:
                path, body = SEEDS[service]
                seeded = httpx.post(url + path, json=body, headers={"X-API-Key": admin})
                assert seeded.status_code == 201, seeded.text
            failures = _fuzz(url, admin)

    assert failures == [], "\n\n".join(failures)
