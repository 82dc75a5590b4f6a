"""Admins' credit decisions with the real customers service: a limit increase waits for the
second admin (the order check keeps the old limit until then), and an override stands
until its day on the durable clock, when the scorecard's grade is published again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import redis.asyncio as aioredis

from services.invoicing.app import build as build_invoicing
from shared.contracts.customers import CreditRated
from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.customers.harness import AUDITOR, INTEGRATION, published, running
from tests.support.apps import api_key, eventually, running_app

CUSTOMER = "C-1001"


def money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


async def check(svc: Any, order: str, amount: str = "300000.00") -> dict[str, Any]:
    answer = await svc.client.post("/credit/checks", json={
        "customer_id": CUSTOMER, "order_id": order, "amount": money(amount)},
        headers=svc.as_(INTEGRATION))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def codes(decided: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in decided["reasons"]]


async def test_a_limit_increase_waits_for_the_second_admin(
    redis: aioredis.Redis, settings: Settings
) -> None:
    zhang = {"X-API-Key": await api_key(redis, "zhang.admin", Role.ADMIN)}
    li = {"X-API-Key": await api_key(redis, "li.admin", Role.ADMIN)}
    base = f"/customers/{CUSTOMER}/credit"
    async with running(settings, redis) as svc:
        await svc.register()
        before = await check(svc, "SO-1")  # unrated: limit 50 000 CNY
        asked = await svc.client.put(f"{base}/exception", headers=zhang, json={
            "credit_limit": money("500000.00"), "payment_terms_days": 45,
            "reason": "Bank guarantee of 500 000 received"})  # fmt: skip
        waiting = await check(svc, "SO-2")
        self_approved = await svc.client.post(
            f"{base}/limit-requests/LR-1/approval", headers=zhang, json={}
        )
        still_waiting = await check(svc, "SO-3")
        approved = await svc.client.post(
            f"{base}/limit-requests/LR-1/approval", headers=li, json={"note": "Guarantee seen"}
        )
        after = await check(svc, "SO-4")
        file = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))

    assert asked.status_code == 202, asked.text
    pending = asked.json()["pending_limit_request"]["request"]
    assert (pending["request_id"], pending["status"], pending["requested_by"]) == (
        "LR-1", "requested", "zhang.admin"
    )  # fmt: skip
    assert Decimal(asked.json()["terms"]["credit_limit"]["amount"]) == Decimal(50000)
    for decided in (before, waiting, still_waiting):
        assert Decimal(decided["credit_limit"]["amount"]) == Decimal(50000)
        assert "over_limit" in codes(decided)
    assert self_approved.status_code == 409, self_approved.text
    assert self_approved.json()["rule"] == "SecondApproverRequired"
    assert "another admin must approve it" in self_approved.json()["detail"]
    assert approved.status_code == 200, approved.text
    assert Decimal(after["credit_limit"]["amount"]) == Decimal(500000)
    assert "over_limit" not in codes(after)
    control = file.json()["credit_control"]
    [request] = control["limit_requests"]
    assert (request["requested_by"], request["decided_by"], request["status"]) == (
        "zhang.admin", "li.admin", "approved"
    )  # fmt: skip
    assert control["exception"]["set_by"] == "zhang.admin"
    assert control["terms"]["payment_terms_days"] == 45
    assert control["pending_limit_request"] is None


async def test_a_small_limit_increase_takes_effect_at_once_and_a_rejection_changes_nothing(
    redis: aioredis.Redis, settings: Settings
) -> None:
    zhang = {"X-API-Key": await api_key(redis, "zhang.admin", Role.ADMIN)}
    li = {"X-API-Key": await api_key(redis, "li.admin", Role.ADMIN)}
    base = f"/customers/{CUSTOMER}/credit"
    async with running(settings, redis) as svc:
        await svc.register()
        small = await svc.client.put(f"{base}/exception", headers=zhang, json={
            "credit_limit": money("250000.00"), "reason": "Seasonal orders"})  # fmt: skip
        in_force = await check(svc, "SO-1", "100000.00")
        large = await svc.client.put(f"{base}/exception", headers=zhang, json={
            "credit_limit": money("450000.01"), "reason": "Bigger orders for 2027"})  # fmt: skip
        second = await svc.client.put(f"{base}/exception", headers=li, json={
            "prepayment_percent": 0, "reason": "x"})  # fmt: skip
        rejected = await svc.client.post(f"{base}/limit-requests/LR-2/rejection", headers=li,
                                         json={"note": "No financials since 2024"})  # fmt: skip
        later = await check(svc, "SO-2", "100000.00")

    assert small.status_code == 200, small.text  # 200 000 more is not above second_admin_above
    assert Decimal(in_force["credit_limit"]["amount"]) == Decimal(250000)
    assert large.status_code == 202, large.text  # 200 000.01 more is
    assert second.status_code == 409 and second.json()["rule"] == "LimitRequestPending"
    assert rejected.status_code == 200, rejected.text
    assert [(r["request_id"], r["status"], r["decided_by"])
            for r in rejected.json()["limit_requests"]] == [
        ("LR-1", "approved", "zhang.admin"), ("LR-2", "rejected", "li.admin")]  # fmt: skip
    assert Decimal(later["credit_limit"]["amount"]) == Decimal(250000)


DUES = ("2026-06-01", "2026-07-01", "2026-08-01")


async def pay_history(inv: Any, customer: str, late: int) -> None:
    """Three invoices of 10 000 CNY issued on 1 May 2026, due on ``DUES``, each paid ``late``
    days after its due date."""
    for n, due in enumerate(DUES, 1):
        number = f"{customer}-INV-{n}"
        issued = await inv.client.post("/invoices", headers=inv.as_(INTEGRATION), json={
            "external_number": number, "customer_id": customer, "amount": money("10000.00"),
            "issue_date": "2026-05-01", "due_date": due})  # fmt: skip
        assert issued.status_code == 201, issued.text
        paid_on = dt.date.fromisoformat(due) + dt.timedelta(days=late)
        payment = {"payment_id": f"BANK-{number}", "amount": money("10000.00"),
                   "value_date": paid_on.isoformat()}  # fmt: skip
        paid = await inv.client.post(f"/invoices/{number}/payments", json=payment,
                                     headers=inv.as_(INTEGRATION))  # fmt: skip
        assert paid.status_code == 201, paid.text


def at(day: str, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), dt.UTC)


async def _rated(redis: aioredis.Redis, count: int) -> list[CreditRated] | None:
    rated = [e for e in await published(redis) if isinstance(e, CreditRated)]
    return rated if len(rated) >= count else None


async def _paid(svc: Any, count: int) -> bool:
    found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))
    lines = found.json().get("integrity_record", []) if found.status_code == 200 else []
    return len([line for line in lines if line["kind"].startswith("paid")]) >= count


async def test_an_override_stands_until_its_day_then_the_scorecard_rates_again(
    redis: aioredis.Redis, settings: Settings
) -> None:
    simulated = settings.model_copy(update={"clock": "simulated"})
    clock = SimulatedClock(redis)
    await clock.set(at("2026-11-20", 2))
    async with running(simulated, redis) as svc, running_app(build_invoicing, simulated,
                                                             redis) as inv:  # fmt: skip
        await svc.register()
        await pay_history(inv, CUSTOMER, late=0)
        await eventually(lambda: _paid(svc, 3), timeout=60)
        *_, scored = await eventually(lambda: _rated(redis, 1), timeout=60)
        count = len(await _rated(redis, 1) or [])
        overridden = await svc.client.put(
            f"/customers/{CUSTOMER}/credit/rating-override", headers=svc.as_(Role.ADMIN),
            json={"grade": "D", "reason": "Parent company in insolvency proceedings",
                  "expires_on": "2026-11-25"},
        )  # fmt: skip
        during = await check(svc, "SO-1", "10000.00")
        too_early = await svc.client.put(
            f"/customers/{CUSTOMER}/credit/rating-override", headers=svc.as_(Role.ADMIN),
            json={"grade": "A", "reason": "x", "expires_on": "2026-11-20"},
        )  # fmt: skip
        await clock.set(at("2026-11-25", 0, 5))
        rated = await eventually(lambda: _rated(redis, count + 2), timeout=60)
        after = await check(svc, "SO-2", "10000.00")
        file = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))

    assert scored.rating == "B" and scored.rule.startswith("scorecard:")
    assert overridden.status_code == 200, overridden.text
    assert (overridden.json()["grade_in_force"], overridden.json()["grade_source"]) == (
        "D", "override"
    )  # fmt: skip
    override = rated[count]
    assert (override.rating, override.rule, override.scorecard_version) == ("D", "override", None)
    assert override.reason == "override by test-admin until 2026-11-25"
    assert during["grade"] == "D"
    assert too_early.status_code == 422
    assert too_early.json()["rule"] == "OverrideExpiryNotAfterStart"
    again = rated[count + 1]
    assert (again.rating, again.rule) == ("B", scored.rule)
    assert again.reason.startswith("override ended 2026-11-25, scorecard again")
    assert again.contributions == scored.contributions
    assert after["grade"] == "B"
    control = file.json()["credit_control"]
    assert (control["grade_in_force"], control["grade_source"]) == ("B", "scorecard")
    assert control["override"]["set_by"] == "test-admin"
    assert control["override"]["reason"] == "Parent company in insolvency proceedings"
    assert len(rated) == count + 2


async def test_an_admin_ends_an_override_early_and_the_scorecard_grade_returns_at_once(
    redis: aioredis.Redis, settings: Settings
) -> None:
    simulated = settings.model_copy(update={"clock": "simulated"})
    await SimulatedClock(redis).set(at("2026-11-20", 2))
    timer_id = f"credit-override:{CUSTOMER}:2026-12-15"
    timers = keys.timers(keys.partition_of(CUSTOMER, settings.partitions), "customers")
    url = f"/customers/{CUSTOMER}/credit/rating-override"
    async with running(simulated, redis) as svc, running_app(build_invoicing, simulated,
                                                             redis) as inv:  # fmt: skip
        await svc.register()
        nothing_yet = await svc.client.request("DELETE", url, headers=svc.as_(Role.ADMIN),
                                               json={"reason": "No override"})  # fmt: skip
        await pay_history(inv, CUSTOMER, late=0)
        await eventually(lambda: _paid(svc, 3), timeout=60)
        *_, scored = await eventually(lambda: _rated(redis, 1), timeout=60)
        count = len(await _rated(redis, 1) or [])
        overridden = await svc.client.put(url, headers=svc.as_(Role.ADMIN), json={
            "grade": "D", "reason": "Parent company in insolvency proceedings",
            "expires_on": "2026-12-15"})  # fmt: skip
        scheduled = await redis.zscore(timers, timer_id)
        not_admin = await svc.client.request("DELETE", url, headers=svc.as_(AUDITOR),
                                             json={"reason": "Petition withdrawn"})  # fmt: skip
        why = {"reason": "Insolvency petition withdrawn"}
        ended = await svc.client.request("DELETE", url, headers=svc.as_(Role.ADMIN), json=why)
        rated = await eventually(lambda: _rated(redis, count + 2), timeout=60)
        after = await check(svc, "SO-1", "10000.00")
        again = await svc.client.request("DELETE", url, headers=svc.as_(Role.ADMIN),
                                         json={"reason": "Twice"})  # fmt: skip
        cancelled = await redis.zscore(timers, timer_id)
        file = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))

    assert nothing_yet.status_code == 404, nothing_yet.text
    assert overridden.status_code == 200 and scheduled is not None
    assert not_admin.status_code == 403
    assert ended.status_code == 200, ended.text
    assert (ended.json()["grade_in_force"], ended.json()["grade_source"]) == ("B", "scorecard")
    assert rated[count].rating == "D"
    back = rated[count + 1]
    assert (back.rating, back.rule, back.score) == ("B", scored.rule, scored.score)
    assert back.reason == "override ended 2026-11-20, scorecard again: ended by test-admin"
    assert back.contributions == scored.contributions
    assert after["grade"] == "B"
    assert again.status_code == 404 and again.json()["rule"] == "CreditRecordNotFound"
    assert cancelled is None  # the expiry timer is gone with the override
    override = file.json()["credit_control"]["override"]
    assert (override["ended_on"], override["ended_by"], override["end_reason"]) == (
        "2026-11-20", "test-admin", "Insolvency petition withdrawn"
    )  # fmt: skip
