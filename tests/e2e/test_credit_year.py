"""A year of on-time payments on the simulated clock, with the customers and invoicing apps
restarted several times every month.

A customer who paid three invoices 40 days late (grade C) pays every monthly invoice of
the next year before its due date: each earns 10 reward points, the late payments leave
the scorecard's 365-day window, and the grade climbs to A. The monthly re-rating runs on
the 1st of each month exactly once — counted as ``CreditReviewed`` per month, and at most
one ``CreditRated`` of the monthly review per month — however often the apps restarted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import redis.asyncio as aioredis

from services.customers.domain.creditfile_events import CreditReviewed
from services.invoicing.app import build as build_invoicing
from shared.contracts import parse_stored
from shared.contracts.customers import CreditRated
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from tests.integration.customers.harness import AUDITOR, COLLECTOR, published, running
from tests.support.apps import eventually, running_app

pytestmark = pytest.mark.e2e

CUSTOMER = "C-1001"
GRADE_ORDER = "EDCBA"


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), dt.UTC)


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


class Year:
    def __init__(self, redis: aioredis.Redis, settings: Settings) -> None:
        self.redis, self.clock = redis, SimulatedClock(redis)
        self.settings = settings.model_copy(update={"clock": "simulated"})
        self.restarts = 0

    async def at(self, when: dt.datetime, *steps: Any) -> Any:
        """Set the clock, start both apps, run ``steps`` (each may wait), stop them."""
        await self.clock.set(when)
        self.restarts += 1
        result = None
        async with (
            running(self.settings, self.redis) as svc,
            running_app(build_invoicing, self.settings, self.redis) as inv,
        ):
            for step in steps:
                result = await step(svc, inv)
        return result


def invoice(number: str, issued: dt.date, due: dt.date) -> Any:
    async def step(svc: Any, inv: Any) -> None:
        body = {"external_number": number, "customer_id": CUSTOMER, "amount": cny("10000.00"),
                "issue_date": str(issued), "due_date": str(due)}  # fmt: skip
        issued_ = await inv.client.post("/invoices", json=body, headers=inv.as_("integration"))
        assert issued_.status_code == 201, issued_.text

    return step


def pay(number: str, on: dt.date) -> Any:
    async def step(svc: Any, inv: Any) -> None:
        body = {"payment_id": f"BANK-{number}", "amount": cny("10000.00"), "value_date": str(on)}
        paid = await inv.client.post(f"/invoices/{number}/payments", json=body,
                                     headers=inv.as_("integration"))  # fmt: skip
        assert paid.status_code == 201, paid.text

    return step


async def credit_file(svc: Any) -> dict[str, Any]:
    found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))
    assert found.status_code == 200, found.text
    return dict(found.json())


def settled(count: int) -> Any:
    """Wait until the credit file shows ``count`` invoices paid."""

    async def step(svc: Any, inv: Any) -> dict[str, Any]:
        async def paid() -> dict[str, Any] | None:
            found = await credit_file(svc)
            lines = [x for x in found["integrity_record"] if x["kind"].startswith("paid")]
            return found if len(lines) == count else None

        return await eventually(paid, timeout=120)

    return step


def reviewed(month: str) -> Any:
    async def step(svc: Any, inv: Any) -> None:
        async def done() -> bool:
            return month in (await credit_file(svc))["monthly_reviews"]

        await eventually(done, timeout=120)

    return step


async def idle(svc: Any, inv: Any) -> None:
    """A restart that does nothing but start and stop the apps."""


def first_of(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


async def test_a_year_of_on_time_payments_earns_points_and_a_better_grade(
    redis: aioredis.Redis, settings: Settings
) -> None:
    year = Year(redis, settings)
    await year.at(at(dt.date(2026, 1, 5)), lambda svc, inv: svc.register())
    survey = {"entry_id": "S-FOUNDED", "as_of": "2026-01-05",
              "finding": {"topic": "founded", "established_on": "2010-06-01"}}  # fmt: skip

    async def founded(svc: Any, inv: Any) -> None:
        answer = await svc.client.post(f"/customers/{CUSTOMER}/credit-file/survey",
                                       json=survey, headers=svc.as_(COLLECTOR))  # fmt: skip
        assert answer.status_code == 201, answer.text

    late = [invoice(f"OLD-{n}", dt.date(2025, 11, n), dt.date(2025, 12, n)) for n in (1, 2, 3)]
    paid_late = [pay(f"OLD-{n}", dt.date(2026, 1, 10)) for n in (1, 2, 3)]
    start = await year.at(at(dt.date(2026, 1, 10)), founded, *late, *paid_late, settled(3))

    months = [first_of(2026, m) for m in range(2, 14)]  # 2026-02 … 2027-01
    for n, first in enumerate(months, start=1):
        month = f"{first:%Y-%m}"
        await year.at(at(first, 0), reviewed(month))
        await year.at(at(first, 6), reviewed(month))  # started again the same day
        number = f"INV-{month}"
        issued, due = first + dt.timedelta(days=4), first + dt.timedelta(days=24)
        await year.at(at(issued), invoice(number, issued, due))
        await year.at(at(issued, 18), idle)
        paid_on = due - dt.timedelta(days=5)
        last = await year.at(at(paid_on), pay(number, paid_on), settled(3 + n))

    events = await published(redis)
    history = await _credit_history(redis)

    ratings = [e for e in events if isinstance(e, CreditRated)]
    reviews = Counter(e.month for e in history if isinstance(e, CreditReviewed))
    monthly = Counter(f"{e.as_of:%Y-%m}" for e in ratings if e.reason == "monthly")
    assert reviews == Counter({f"{m:%Y-%m}": 1 for m in months})
    assert all(count == 1 for count in monthly.values())
    assert year.restarts >= 5 * len(months)
    assert start["rating_now"]["grade"] == "C"
    assert last["rating_now"]["grade"] == "A"
    grades = [GRADE_ORDER.index(r.rating) for r in ratings if r.as_of >= dt.date(2026, 1, 10)]
    assert grades == sorted(grades)  # the grade only got better
    points = last["rewards"]
    assert [p["points"] for p in points["points"]] == [10] * 12  # 5 days early: on time
    assert points["balance"] == 120


async def _credit_history(redis: aioredis.Redis) -> list[Any]:
    found: list[Any] = []
    async for key in redis.scan_iter(match=f"hk:*:es:credit:{CUSTOMER}"):
        for _, fields in await redis.xrange(key):
            found.append(parse_stored(fields[b"__data__"]))
    return found
