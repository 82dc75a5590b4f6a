"""Every service's ``/metrics`` counts HTTP requests by route template and says whether the
process is ready (``huikuan_http_requests_total``, ``huikuan_ready``; the alert rules in
deploy/monitoring use both). A real customers app on the session's Redis."""

from __future__ import annotations

import uuid

import redis.asyncio as aioredis
from prometheus_client.parser import text_string_to_metric_families

from services.customers.app import build
from shared.infra.api_keys import Role
from shared.infra.settings import Settings
from shared.web.state import set_ready
from tests.support.apps import running_app


def samples(text: str, name: str) -> list[tuple[dict[str, str], float]]:
    return [(dict(s.labels), s.value) for family in text_string_to_metric_families(text)
            for s in family.samples if s.name == name]  # fmt: skip


def requests_counted(text: str, **labels: str) -> float:
    found = [value for got, value in samples(text, "huikuan_http_requests_total")
             if all(got.get(k) == v for k, v in labels.items())]  # fmt: skip
    return sum(found)


async def test_requests_are_counted_by_route_template_never_by_raw_path(
    redis: aioredis.Redis, settings: Settings
) -> None:
    unknown = f"cus_{uuid.uuid4().hex}"
    async with running_app(build, settings, redis) as svc:
        before = (await svc.client.get("/metrics")).text
        answer = await svc.client.get(f"/customers/{unknown}", headers=svc.as_(Role.ADMIN))
        assert answer.status_code == 404
        await svc.client.get(f"/no-such-route/{unknown}")
        after = (await svc.client.get("/metrics")).text

    route = {"service": "customers", "method": "GET", "route": "/customers/{customer_id}",
             "status": "404"}  # fmt: skip
    assert requests_counted(after, **route) == requests_counted(before, **route) + 1
    unmatched = {"service": "customers", "route": "unmatched", "status": "404"}
    assert requests_counted(after, **unmatched) == requests_counted(before, **unmatched) + 1
    assert unknown not in after  # ids never become label values


async def test_huikuan_ready_follows_what_readyz_would_answer(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running_app(build, settings, redis) as svc:
        ready = samples((await svc.client.get("/metrics")).text, "huikuan_ready")
        assert ({"service": "customers"}, 1.0) in ready
        set_ready(svc.app, False)  # as while the service drains on SIGTERM
        draining = samples((await svc.client.get("/metrics")).text, "huikuan_ready")
        assert (await svc.client.get("/readyz")).status_code == 503
        set_ready(svc.app, True)
    assert ({"service": "customers"}, 0.0) in draining
