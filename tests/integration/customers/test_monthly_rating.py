"""The monthly re-rating on the simulated clock: it runs on the 1st of each month, once per
month, however often the services restart around it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import redis.asyncio as aioredis

from services.invoicing.app import build as build_invoicing
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from tests.integration.customers.harness import AUDITOR, running
from tests.support.apps import eventually, running_app

CUSTOMER = "C-1001"


def at(day: str, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), dt.UTC)


async def reviews(svc: Any) -> list[str]:
    found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))
    return list(found.json().get("monthly_reviews", [])) if found.status_code == 200 else []


async def test_the_monthly_re_rating_runs_once_per_month_across_restarts(
    redis: aioredis.Redis, settings: Settings
) -> None:
    simulated = settings.model_copy(update={"clock": "simulated"})
    clock = SimulatedClock(redis)
    await clock.set(at("2026-11-20", 2))
    async with running(simulated, redis) as svc, running_app(build_invoicing, simulated,
                                                             redis) as inv:  # fmt: skip
        await svc.register()
        issued = await inv.client.post("/invoices", json={
            "external_number": "INV-1", "customer_id": CUSTOMER,
            "amount": {"amount": "1000.00", "currency": "CNY"},
            "issue_date": "2026-11-20", "due_date": "2026-12-20"},
            headers=inv.as_("integration"))  # fmt: skip
        assert issued.status_code == 201, issued.text

        async def tracked() -> Any:
            found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file",
                                         headers=svc.as_(AUDITOR))  # fmt: skip
            return found.json().get("open_items") if found.status_code == 200 else None

        await eventually(tracked, timeout=60)
    seen: list[list[str]] = []
    for now in (at("2026-12-01", 0, 5), at("2026-12-01", 0, 6), at("2026-12-15"),
                at("2027-01-01", 0, 5), at("2027-01-20")):  # fmt: skip
        await clock.set(now)
        async with running(simulated, redis) as svc:
            wanted = 1 if now < at("2027-01-01") else 2
            seen.append(await eventually(lambda w=wanted: _at_least(svc, w), timeout=60))  # type: ignore[misc]

    assert seen == [["2026-12"]] * 3 + [["2026-12", "2027-01"]] * 2


async def _at_least(svc: Any, count: int) -> list[str] | None:
    done = await reviews(svc)
    return done if len(done) >= count else None
