"""A debtor's notifications as a list: ``GET /debtors/{id}/notifications``, newest first,
paged, for collectors and auditors only (the notifications service, real Redis)."""

from __future__ import annotations

import datetime as dt

import redis.asyncio as aioredis

from services.notifications.app import build
from shared.contracts.notifications import NotificationRequested
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from shared.web.auth import Role
from tests.integration.notifications.harness import eventually, published
from tests.integration.notifications.test_reminder_delivery import (  # noqa: F401 (fixtures)
    CUSTOMER,
    World,
    neighbours,
    request,
    world,
)
from tests.support import apps

FIRST = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)


def asked(request_id: str, hours_later: int, template: str) -> NotificationRequested:
    return request(request_id).model_copy(update={
        "occurred_at": FIRST + dt.timedelta(hours=hours_later), "template": template,
    })  # fmt: skip


async def publish(into: World, event: NotificationRequested) -> None:
    store = EventStore(into.redis, "collections", into.settings.partitions)
    ref = StreamRef("debtor", f"{CUSTOMER}/{event.request_id}", CUSTOMER)
    await store.append(AppendRequest(ref, 0, [event]))


async def test_a_collector_pages_through_a_debtors_notifications_newest_first(
    world: World,  # noqa: F811 (the fixture imported above)
    redis: aioredis.Redis,
) -> None:
    async with apps.running_app(build, world.settings, redis) as svc:
        for n, template in enumerate(("pre_due_reminder", "overdue_reminder_1",
                                      "overdue_reminder_2")):  # fmt: skip
            await publish(world, asked(f"req-{n}", n, template))
        await eventually(lambda: _count(redis, 3))
        url = f"/debtors/{CUSTOMER}/notifications"
        collector = svc.as_(Role.COLLECTOR)
        first = (await svc.client.get(url, params={"limit": 2}, headers=collector)).json()
        rest = (await svc.client.get(url, params={"offset": 2, "limit": 2},
                                     headers=collector)).json()  # fmt: skip
        auditor = await svc.client.get(url, headers=svc.as_(Role.AUDITOR))
        refused = [(await svc.client.get(url, headers=svc.as_(role))).status_code
                   for role in (Role.INTEGRATION, Role.INTERNAL)]  # fmt: skip
        anonymous = await svc.client.get(url)
        bad_limit = await svc.client.get(url, params={"limit": 0}, headers=collector)
        nobody = await svc.client.get("/debtors/C-NOBODY/notifications", headers=collector)

    assert [n["request_id"] for n in first["notifications"]] == ["req-2", "req-1"]
    assert (first["total"], first["next_offset"]) == (3, 2)
    assert [n["template"] for n in rest["notifications"]] == ["pre_due_reminder"]
    assert rest["next_offset"] is None
    newest = first["notifications"][0]
    assert newest["requested_at"].startswith("2026-11-02T04:00")
    spaced = [(d["channel"], d["status"], d["rule"]) for d in newest["deliveries"]]
    assert spaced == [("email", "deferred", "T4")]  # two days after the first reminder
    [oldest] = rest["notifications"]
    assert [(d["channel"], d["status"]) for d in oldest["deliveries"]] == [("email", "sent")]
    assert auditor.status_code == 200 and auditor.json()["total"] == 3
    assert refused == [403, 403] and anonymous.status_code == 401
    assert bad_limit.status_code == 422 and "limit" in bad_limit.text
    assert nobody.json() == {"customer_id": "C-NOBODY", "total": 0, "offset": 0, "limit": 20,
                             "next_offset": None, "notifications": []}  # fmt: skip


async def _count(redis: aioredis.Redis, wanted: int) -> bool:
    outcomes = [e for kind in ("NotificationSent", "NotificationDeferred", "NotificationSuppressed")
                for e in await published(redis, kind)]  # fmt: skip
    return len(outcomes) >= wanted
