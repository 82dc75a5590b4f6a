"""What collections shows and sends over its API and outbound stream is true at once: one
overdue amount (a disputed invoice set aside) in the view, the worklist and the settlement;
a plan that replaces a promise records it; a plan's message carries its own total; a debtor
of a jurisdiction without a policy is held, not dunned under China's."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from services.collections.adapters.policy_files import POLICIES_ENV, SHIPPED
from shared.contracts.customers import CustomerRegistered
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.collections.harness import Running, Upstream, eventually, published, running
from tests.unit.collections.given import DEBTOR, Invoices, registered

CNY = "CNY"
START = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)  # 4 days after the invoices' due date


async def at_start(settings: Settings, redis: aioredis.Redis) -> Settings:
    """The simulated clock at ``START``: dates in the bodies below stay in the future."""
    await SimulatedClock(redis).set(START)
    return settings.model_copy(update={"clock": "simulated"})


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": CNY}


async def with_overdue(svc: Running, want: str) -> dict[str, Any] | None:
    debtor = await svc.debtor(DEBTOR)
    return debtor if debtor.get("overdue") == [cny(want)] else None


async def two_overdue(svc: Running, upstream: Upstream) -> None:
    inv = Invoices()
    await upstream.publish(registered())
    await eventually(lambda: svc.debtor(DEBTOR))
    await upstream.publish(inv.issue("INV-1", "12000.00"), inv.issue("INV-2", "5000.00"))
    await upstream.publish(inv.miss("INV-1"), inv.miss("INV-2"))
    await eventually(lambda: with_overdue(svc, "17000.00"))


async def test_a_disputed_invoice_is_set_aside_in_the_view_the_worklist_and_the_offer(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(await at_start(settings, redis), redis) as svc:
        await two_overdue(svc, Upstream(redis, settings.partitions))
        post, who = svc.client.post, svc.as_(Role.COLLECTOR)
        body = {"invoice_id": "INV-2", "reason": "quality"}
        assert (await post(f"/debtors/{DEBTOR}/disputes", json=body, headers=who)).is_success
        view = await eventually(lambda: with_overdue(svc, "12000.00"))
        worklist = (await svc.client.get("/worklist", headers=who)).json()
        offer = {"offer_id": "S-1", "discount": cny("1000.00"), "valid_until": "2027-03-01"}
        offered = await post(f"/debtors/{DEBTOR}/settlements", json=offer, headers=who)
        settlements = await eventually(lambda: published(redis, "SettlementOffered"))

    assert view["disputed"] == [cny("5000.00")] and view["outstanding"] == [cny("17000.00")]
    lines = {i["invoice_id"]: i["overdue"] for i in view["invoices"]}
    assert lines == {"INV-1": True, "INV-2": False}
    assert [e["overdue"] for e in worklist["entries"]] == [cny("12000.00")]
    assert offered.status_code == 201
    pay = settlements[0].pay.amount + settlements[0].discount.amount  # type: ignore[attr-defined]
    assert pay == Decimal("12000.00")


async def test_a_plan_replacing_a_promise_says_so_and_its_message_carries_the_plan_total(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(await at_start(settings, redis), redis) as svc:
        await two_overdue(svc, Upstream(redis, settings.partitions))
        post, who = svc.client.post, svc.as_(Role.COLLECTOR)
        promise = {"promise_id": "P-1", "amount": cny("17000.00"), "due_on": "2027-01-10",
                   "channel": "phone"}  # fmt: skip
        assert (await post(f"/debtors/{DEBTOR}/promises", json=promise, headers=who)).is_success
        instalments = [{"due_on": f"2027-0{m}-10", "amount": cny("5700.00")} for m in (1, 2, 3)]
        plan = {"plan_id": "PL-1", "instalments": instalments}
        agreed = await post(f"/debtors/{DEBTOR}/plans", json=plan, headers=who)
        superseded = await eventually(lambda: published(redis, "PromiseSuperseded"))
        requests = await eventually(lambda: plan_messages(redis))
        view = await svc.debtor(DEBTOR)

    assert agreed.json()["events"][:2] == ["PromiseSuperseded", "PaymentPlanAgreed"]
    assert superseded[0].promise_id == "P-1"  # type: ignore[attr-defined]
    assert str(requests[0].plan_total) == "17100.00 CNY"  # type: ignore[attr-defined]
    summaries = [t["summary"] for t in view["timeline"] if t["type"] == "PromiseSuperseded"]
    assert summaries and summaries[0].startswith("promise P-1 superseded by plan PL-1")
    assert view["promise"] is None and view["state"] == "payment_plan"


async def plan_messages(redis: aioredis.Redis) -> list[Any]:
    requests = await published(redis, "NotificationRequested")
    return [r for r in requests if r.template == "payment_plan_schedule"]  # type: ignore[attr-defined]


async def test_a_debtor_of_a_jurisdiction_without_a_policy_is_held_and_says_why(
    redis: aioredis.Redis, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for policy in SHIPPED.glob("*.yaml"):  # a deployment whose policies leave out the EU
        if policy.name != "eu.yaml":
            shutil.copy(policy, tmp_path / policy.name)
    monkeypatch.setenv(POLICIES_ENV, str(tmp_path))
    upstream, inv = Upstream(redis, settings.partitions), Invoices()
    eu = registered(currency="EUR").model_copy(update={"jurisdiction": "eu"})
    assert isinstance(eu, CustomerRegistered)
    async with running(await at_start(settings, redis), redis) as svc:
        await upstream.publish(eu)
        await eventually(lambda: svc.debtor(DEBTOR))
        await upstream.publish(inv.issue("INV-1", "900.00", "EUR"), inv.miss("INV-1"))
        view = await eventually(lambda: held(svc))
        promise = {"promise_id": "P-1", "amount": {"amount": "900.00", "currency": "EUR"},
                   "due_on": "2027-01-10", "channel": "phone"}  # fmt: skip
        refused = await svc.client.post(f"/debtors/{DEBTOR}/promises", json=promise,
                                        headers=svc.as_(Role.COLLECTOR))  # fmt: skip
        tasks = await published(redis, "CollectorTaskRaised")
        requests = await published(redis, "NotificationRequested")

    assert (view["policy_id"], view["policy_version"]) == (None, None)
    assert "jurisdiction eu" in view["policy_problem"]
    assert [t.task for t in tasks] == ["configure_dunning_policy"]  # type: ignore[attr-defined]
    assert requests == [] and view["level"] == 0
    assert (refused.status_code, refused.json()["rule"]) == (409, "NoDunningPolicy")


async def held(svc: Running) -> dict[str, Any] | None:
    debtor = await svc.debtor(DEBTOR)
    tracked = any(i["missed"] for i in debtor.get("invoices", []))
    return debtor if tracked and debtor.get("policy_problem") else None
