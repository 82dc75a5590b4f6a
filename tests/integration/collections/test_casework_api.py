"""A collector's casework over the real collections app: the tasks inbox (complete,
reassign), conversations logged with their outcome, and the worklist filtered by level,
segment and assignee ("mine")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import redis.asyncio as aioredis

from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.collections.harness import Running, Upstream, eventually, published, running
from tests.integration.collections.test_collector_flow import START, overdue_debtor, simulated
from tests.unit.collections.given import DEBTOR

LEVEL_3 = dt.datetime(2027, 1, 5, 1, tzinfo=dt.UTC)  # INV-1 36 days past due: a call is due


async def tasks(svc: Running, **params: str) -> dict[str, Any]:
    response = await svc.client.get("/tasks", params=params, headers=svc.as_(Role.COLLECTOR))
    assert response.status_code == 200, response.text
    return response.json()


async def worklist_ids(svc: Running, **params: str | int) -> list[str]:
    response = await svc.client.get("/worklist", params=params, headers=svc.as_(Role.COLLECTOR))
    assert response.status_code == 200, response.text
    return [e["customer_id"] for e in response.json()["entries"]]


async def with_open_task(svc: Running) -> dict[str, Any] | None:
    page = await tasks(svc, customer_id=DEBTOR)
    return page if page["total"] else None


async def test_a_task_is_reassigned_completed_and_leaves_the_inbox(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    async with running(simulated(settings), redis) as svc:
        await overdue_debtor(svc, Upstream(redis, settings.partitions))
        await overdue_debtor(svc, Upstream(redis, settings.partitions), "C-2002", "50.00")
        await clock.set(LEVEL_3)
        page = await eventually(lambda: with_open_task(svc), timeout=30)
        [task] = page["tasks"]
        assert (task["task"], task["assignee"], task["customer_id"]) == (
            "call_debtor", "collections-team", DEBTOR)  # fmt: skip
        assert task["due_on"] == "2027-01-08"

        # the worklist, filtered: by level, segment and the person with an open task
        debtor = await svc.debtor(DEBTOR)
        assert debtor["open_tasks"] == [{k: task[k] for k in debtor["open_tasks"][0]}]
        level = debtor["level"]
        both = sorted(["C-2002", DEBTOR])
        assert sorted(await worklist_ids(svc, level=level)) == both
        assert await worklist_ids(svc, level=level + 1) == []
        assert sorted(await worklist_ids(svc, assignee="collections-team")) == both
        assert await worklist_ids(svc, assignee="console:chen") == []
        assert sorted(await worklist_ids(svc, segment="standard")) == both
        assert await worklist_ids(svc, segment="key_account") == []

        base = f"/debtors/{DEBTOR}/tasks/{task['task_id']}"
        as_auditor = await svc.client.post(f"{base}/complete", json={},
                                           headers=svc.as_(Role.AUDITOR))  # fmt: skip
        assert as_auditor.status_code == 403
        moved = await svc.client.post(f"{base}/reassign", json={"assignee": "console:chen"},
                                      headers=svc.as_(Role.COLLECTOR))  # fmt: skip
        assert moved.status_code == 200, moved.text
        assert moved.json()["events"] == ["CollectorTaskReassigned"]
        assert [t["customer_id"] for t in (await tasks(svc, assignee="collections-team"))["tasks"]
                ] == ["C-2002"]  # fmt: skip
        assert await worklist_ids(svc, assignee="collections-team") == ["C-2002"]
        assert [t["task_id"] for t in (await tasks(svc, assignee="console:chen"))["tasks"]] == [
            task["task_id"]
        ]
        assert await worklist_ids(svc, assignee="console:chen") == [DEBTOR]

        done = await svc.client.post(f"{base}/complete", json={"outcome": "called, will pay"},
                                     headers=svc.as_(Role.COLLECTOR))  # fmt: skip
        assert done.status_code == 200, done.text
        again = await svc.client.post(f"{base}/complete", json={},
                                      headers=svc.as_(Role.COLLECTOR))  # fmt: skip
        unknown = await svc.client.post(f"/debtors/{DEBTOR}/tasks/nope/complete", json={},
                                        headers=svc.as_(Role.COLLECTOR))  # fmt: skip
        assert (await tasks(svc, customer_id=DEBTOR))["total"] == 0
        assert (await tasks(svc))["total"] == 1
        assert await worklist_ids(svc, assignee="console:chen") == []
        timeline = [e["summary"] for e in (await svc.debtor(DEBTOR))["timeline"]]
    assert (again.status_code, again.json()["rule"]) == (409, "TaskNotOpen")
    assert (unknown.status_code, unknown.json()["rule"]) == (404, "UnknownTask")
    key = f"test-{Role.COLLECTOR}"
    assert (
        f"task call_debtor ({task['task_id']}) reassigned from collections-team to console:chen"
        f" by {key}" in timeline
    )
    assert f"task call_debtor ({task['task_id']}) completed by {key}" in timeline
    [completed] = await published(redis, "CollectorTaskCompleted")
    assert completed.outcome == "called, will pay"  # type: ignore[attr-defined]


async def test_a_conversation_is_logged_with_its_outcome_once(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(START)
    note = "Spoke to Ms Li in accounts\\nok"
    call = {"conversation_id": "CALL-1", "channel": "phone", "outcome": "promised_to_pay",
            "held_at": "2026-12-04T08:40:00Z", "note": note}  # fmt: skip
    async with running(simulated(settings), redis) as svc:
        await overdue_debtor(svc, Upstream(redis, settings.partitions))
        url = f"/debtors/{DEBTOR}/conversations"
        first = await svc.client.post(url, json=call, headers=svc.as_(Role.COLLECTOR))
        repeated = await svc.client.post(url, json=call, headers=svc.as_(Role.COLLECTOR))
        future = await svc.client.post(
            url, json={**call, "conversation_id": "CALL-2", "held_at": "2026-12-04T10:00:00Z"},
            headers=svc.as_(Role.COLLECTOR),
        )  # fmt: skip
        missed = await svc.client.post(
            url, json={**call, "conversation_id": "CALL-3", "outcome": "no_answer",
                       "held_at": "2026-12-04T08:50:00Z"},
            headers=svc.as_(Role.COLLECTOR),
        )  # fmt: skip
        hostile = await svc.client.post(
            url, json={**call, "conversation_id": "CALL-4", "note": "ok\u202egnp.exe"},
            headers=svc.as_(Role.COLLECTOR),
        )  # fmt: skip
        by_auditor = await svc.client.post(url, json=call, headers=svc.as_(Role.AUDITOR))
        debtor = await svc.debtor(DEBTOR)
    assert first.status_code == 201, first.text
    assert first.json()["events"] == ["ConversationRecorded"]
    assert repeated.status_code == 201 and repeated.json()["events"] == []
    assert (future.status_code, future.json()["rule"]) == (422, "ConversationTimeNotValid")
    assert missed.status_code == 201
    assert hostile.status_code == 422 and "U+202E" in hostile.text
    assert by_auditor.status_code == 403
    # a missed call is logged but is no conversation with the debtor
    assert debtor["last_conversation_at"] == "2026-12-04T08:40:00Z"
    summaries = [e["summary"] for e in debtor["timeline"] if e["type"] == "ConversationRecorded"]
    key = f"test-{Role.COLLECTOR}"
    assert summaries == [
        f"phone 2026-12-04 08:40 UTC: promised to pay ({key})",
        f"phone 2026-12-04 08:50 UTC: no answer ({key})",
    ]
    assert all("Li" not in s for s in summaries)  # the note (it names people) stays out
    [logged, _] = await published(redis, "ConversationRecorded")
    assert logged.note == note  # type: ignore[attr-defined]
    assert logged.recorded_by == key  # type: ignore[attr-defined]
