"""Collectors' API and the review timers on real Redis with the simulated clock: levels
advance with no new fact, promises pause and break, the worklist ranks, the debtor view
travels back in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import redis.asyncio as aioredis

from services.collections.adapters.worklist_store import entries_key, rank_key
from shared.contracts.notifications import NotificationSent
from shared.infra.clock import SimulatedClock
from shared.infra.eventstore import GENESIS, AppendRequest, EventStore, StreamRef
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.collections.harness import Running, Upstream, eventually, published, running
from tests.unit.collections.given import DEBTOR, Invoices, envelope, registered

START = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)  # 4 days after INV-1's due date


async def in_state(svc: Running, state: str, customer_id: str = DEBTOR) -> dict[str, Any] | None:
    debtor = await svc.debtor(customer_id)
    return debtor if debtor.get("state") == state else None


async def overdue_debtor(
    svc: Running, upstream: Upstream, customer_id: str = DEBTOR, amount: str = "12000.00"
) -> Invoices:
    inv = Invoices(customer_id)
    await upstream.publish(registered(customer_id))
    await eventually(lambda: svc.debtor(customer_id))
    number = "INV-1" if customer_id == DEBTOR else f"INV-{customer_id}"
    await upstream.publish(inv.issue(number, amount), inv.miss(number))
    await eventually(lambda: in_state(svc, "overdue", customer_id))
    return inv


def simulated(settings: Settings) -> Settings:
    return settings.model_copy(update={"clock": "simulated"})


async def test_levels_advance_on_the_simulated_clock_through_the_durable_review_timer(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    upstream = Upstream(redis, settings.partitions)
    async with running(simulated(settings), redis) as svc:
        await overdue_debtor(svc, upstream)
        await clock.set(dt.datetime(2026, 12, 15, 1, tzinfo=dt.UTC))  # 09:00 in Shanghai
        debtor = await eventually(lambda: level(svc, 2))
    assert debtor["state"] == "overdue"
    templates = [e.template for e in await published(redis, "NotificationRequested")]  # type: ignore[attr-defined]
    assert templates == ["overdue_reminder_1", "overdue_reminder_2"]


async def level(svc: Running, wanted: int) -> dict[str, Any] | None:
    debtor = await svc.debtor(DEBTOR)
    return debtor if debtor.get("level") == wanted else None


async def test_a_promise_taken_over_the_api_pauses_dunning_and_breaks_on_the_clock(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    upstream = Upstream(redis, settings.partitions)
    async with running(simulated(settings), redis) as svc:
        await overdue_debtor(svc, upstream)
        body = {
            "promise_id": "P-1",
            "amount": {"amount": "12000.00", "currency": "CNY"},
            "due_on": "2026-12-10",
            "channel": "phone",
            "note": "after the audit",
        }
        url = f"/debtors/{DEBTOR}/promises"
        made = await svc.client.post(url, json=body, headers=svc.as_(Role.COLLECTOR))
        again = await svc.client.post(url, json=body, headers=svc.as_(Role.COLLECTOR))
        as_auditor = await svc.client.post(url, json=body, headers=svc.as_(Role.AUDITOR))
        await clock.set(dt.datetime(2026, 12, 14, 1, tzinfo=dt.UTC))
        broken = await eventually(lambda: level(svc, 2))

    assert made.status_code == 201 and made.json()["state"] == "promise_pending"
    assert made.json()["events"][0] == "PromiseMade"
    assert again.status_code == 201 and again.json()["events"] == []
    assert as_auditor.status_code == 403
    kinds = [e["type"] for e in broken["timeline"]]
    assert kinds.count("PromiseBroken") == 1 and broken["broken_promises"] == 1
    made_entry = next(e for e in broken["timeline"] if e["type"] == "PromiseMade")
    assert "test-collector" in made_entry["summary"]


async def test_disputes_classification_and_refusals_answer_by_name(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream = Upstream(redis, settings.partitions)
    async with running(settings, redis) as svc:
        await overdue_debtor(svc, upstream)
        post, who = svc.client.post, svc.as_(Role.COLLECTOR)
        disputed = await post(
            f"/debtors/{DEBTOR}/disputes",
            json={"invoice_id": "INV-1", "reason": "quantity"},
            headers=who,
        )
        unknown = await post(
            f"/debtors/{DEBTOR}/disputes",
            json={"invoice_id": "INV-9", "reason": "price"},
            headers=who,
        )
        classified = await svc.client.put(
            f"/debtors/{DEBTOR}/classification", json={"classification": "hardship"}, headers=who
        )
        resolved = await post(
            f"/debtors/{DEBTOR}/disputes/INV-1/resolve", json={"outcome": "credited"}, headers=who
        )
        write_off = await post(f"/debtors/{DEBTOR}/write-off", json={"reason": "x"}, headers=who)
    assert disputed.status_code == 201 and disputed.json()["events"] == ["InvoiceDisputed"]
    assert (unknown.status_code, unknown.json()["rule"]) == (404, "UnknownInvoice")
    assert classified.json()["events"] == ["DebtorClassified"]
    assert resolved.json()["events"] == ["DisputeResolved", "DebtorCleared"]
    assert write_off.status_code == 403


async def test_the_worklist_ranks_by_money_recoverable_soonest_with_filters_and_pages(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream = Upstream(redis, settings.partitions)
    async with running(settings, redis) as svc:
        for customer_id, amount in (("C-1", "500.00"), ("C-2", "90000.00"), ("C-3", "7000.00")):
            await overdue_debtor(svc, upstream, customer_id, amount)
        get, who = svc.client.get, svc.as_(Role.COLLECTOR)
        ranked = (await get("/worklist", headers=who)).json()
        big = (await get("/worklist", params={"min_overdue": "1000"}, headers=who)).json()
        second = (await get("/worklist", params={"offset": 1, "limit": 1}, headers=who)).json()
        # A filter admitting everyone scans the entries; unfiltered, only the page is read.
        scanned = {"min_overdue": "0", "offset": 1, "limit": 1}
        second_scanned = (await get("/worklist", params=scanned, headers=who)).json()
        for p in range(settings.partitions):
            await redis.delete(rank_key(p), entries_key(p))
        emptied = (await get("/worklist", headers=who)).json()
        rebuilt = await svc.client.post("/worklist/rebuild", headers=svc.as_(Role.ADMIN))
        again = (await get("/worklist", headers=who)).json()
    assert [e["customer_id"] for e in ranked["entries"]] == ["C-2", "C-3", "C-1"]
    assert ranked["entries"][0]["overdue"] == {"amount": "90000.00", "currency": "CNY"}
    assert (big["total"], [e["customer_id"] for e in big["entries"]]) == (2, ["C-2", "C-3"])
    assert (second["total"], [e["customer_id"] for e in second["entries"]]) == (3, ["C-3"])
    assert second_scanned == second
    assert emptied["total"] == 0 and rebuilt.json() == {"debtors": 3}
    assert again == ranked


async def test_the_debtor_view_as_of_a_past_instant_folds_only_the_events_up_to_then(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    upstream = Upstream(redis, settings.partitions)
    async with running(simulated(settings), redis) as svc:
        inv = await overdue_debtor(svc, upstream)
        await clock.set(START + dt.timedelta(days=2))
        await upstream.publish(*inv.pay("INV-1", "12000.00"))
        await eventually(lambda: in_state(svc, "current"))
        then = (START + dt.timedelta(days=1)).isoformat()
        past = await svc.client.get(
            f"/debtors/{DEBTOR}", params={"as_of": then}, headers=svc.as_(Role.AUDITOR)
        )
        before = await svc.client.get(
            f"/debtors/{DEBTOR}",
            params={"as_of": "2020-01-01T00:00:00Z"},
            headers=svc.as_(Role.AUDITOR),
        )
        now = await svc.debtor(DEBTOR)
    assert past.json()["state"] == "overdue" and past.json()["level"] == 1
    assert past.json()["overdue"] == [{"amount": "12000.00", "currency": "CNY"}]
    assert past.json()["next_step"]["on"] == "2026-12-15"
    assert "DebtorCleared" not in [e["type"] for e in past.json()["timeline"]]
    assert now["state"] == "current" and now["overdue"] == []
    assert before.status_code == 404


async def test_a_demand_letter_sent_by_notifications_restarts_the_limitation_period(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    upstream = Upstream(redis, settings.partitions)
    async with running(simulated(settings), redis) as svc:
        await overdue_debtor(svc, upstream)
        await clock.set(dt.datetime(2026, 12, 30, 1, tzinfo=dt.UTC))
        (demand,) = await eventually(lambda: published(redis, "DemandIssued"))
        sent = NotificationSent(
            **envelope("N-1", 1, "notifications"),
            request_id=demand.request_id,  # type: ignore[attr-defined]
            customer_id=DEBTOR,
            channel="letter",
            template="demand_letter",
            template_version="1",
            content_sha256="0" * 64,
            masked_address="S*** R***",
            addressee_role="debtor",
            sent_at=dt.datetime(2026, 12, 31, 2, tzinfo=dt.UTC),
            provider_result="posted",
        )
        store = EventStore(redis, "notifications", settings.partitions)
        ref = StreamRef("notification", "N-1", DEBTOR)
        await store.append(AppendRequest(ref, 0, [sent], GENESIS))
        (delivered,) = await eventually(lambda: published(redis, "DemandDelivered"))
    assert delivered.delivered_on == dt.date(2026, 12, 31)  # type: ignore[attr-defined]
    assert delivered.invoice_ids == ("INV-1",)  # type: ignore[attr-defined]
