"""The analytics read side over real outbound streams: live folding, rebuild, restart."""

from __future__ import annotations

from typing import Any

import pytest
import redis.asyncio as aioredis
from prometheus_client.parser import text_string_to_metric_families

from services.analytics.adapters import gauges
from services.analytics.app import build
from services.analytics.domain.intake import FOLLOWED
from shared.infra import keys
from shared.infra.api_keys import Role
from shared.infra.settings import Settings
from tests.integration.analytics.history import debtor_history, record
from tests.support.apps import Running, eventually, running_app

QUERIES = [
    "/reports/aging?as_of=2026-02-10",
    "/reports/aging?as_of=2026-03-20&group_by=customer",
    "/reports/aging?as_of=2026-05-30&group_by=segment",
    "/reports/aging?as_of=2026-03-20&group_by=collector",
    "/reports/dso?as_of=2026-03-31",
    "/reports/cei?currency=CNY&start=2026-01-01&end=2026-06-30&as_of=2026-06-30",
    "/reports/cure-rates?by=level&within_days=14&as_of=2026-06-30",
    "/reports/cure-rates?by=template_version&within_days=30&as_of=2026-06-30",
    "/reports/cure-rates?by=hour&within_days=30&as_of=2026-06-30",
    "/reports/recovery?as_of=2026-12-31&bands=aging",
    "/reports/promises?start=2026-01-01&end=2026-06-30&as_of=2026-06-30&group_by=collector",
    "/reports/disputes?start=2026-01-01&end=2026-06-30&as_of=2026-06-30",
    "/reports/collectors?start=2026-01-01&end=2026-06-30&as_of=2026-06-30",
    "/reports/recovery-prediction?as_of=2026-06-30",
]


async def reports(svc: Running) -> dict[str, Any]:
    out = {}
    for query in QUERIES:
        answer = await svc.client.get(query, headers=svc.as_(Role.AUDITOR))
        assert answer.status_code == 200, (query, answer.text)
        out[query] = answer.json()
    return out


async def drained(redis: aioredis.Redis, partitions: int) -> bool:
    """Every followed stream's entries were delivered to analytics and acknowledged."""
    for producer in FOLLOWED:
        for p in range(partitions):
            stream = keys.outbox(p, producer)
            last = await redis.xrevrange(stream, count=1)
            if not last:
                continue
            groups = {g["name"]: g for g in await redis.xinfo_groups(stream)}
            group = groups.get(b"analytics")
            if group is None or group["last-delivered-id"] != last[0][0] or group["pending"]:
                return False
    return True


async def test_rebuild_from_the_streams_gives_the_reports_of_the_live_projection(
    settings: Settings, redis: aioredis.Redis
) -> None:
    events = [e for i in range(1, 31) for e in debtor_history(i)]
    await record(redis, events[:90])  # a backlog before analytics starts
    async with running_app(build, settings, redis) as svc:
        await record(redis, events[90:])  # and the rest while it runs
        await eventually(lambda: drained(redis, settings.partitions), timeout=120)
        live = await reports(svc)

        admin = svc.as_(Role.ADMIN)
        rebuilt = await svc.client.post("/admin/projection/rebuild", headers=admin)
        assert rebuilt.status_code == 200, rebuilt.text
        assert rebuilt.json()["events"] == len(events)
        assert await reports(svc) == live

    async with running_app(build, settings, redis) as again:  # loads, re-reads no stream
        await eventually(lambda: _loaded(again), timeout=60)
        assert await reports(again) == live

    aging = live[QUERIES[1]]["report"]["rows"]
    assert len(aging) == 30  # every debtor owes something on 2026-03-20
    promises = live[QUERIES[10]]["report"]["rows"]
    assert {r["group"]: (r["succeeded"], r["failed"]) for r in promises} == {
        "col-0": (5, 0),  # debtors 6, 12, 18, 24, 30: kept
        "col-1": (0, 5),  # debtors 3, 9, 15, 21, 27: broken
    }


async def _loaded(svc: Running) -> bool:
    answer = await svc.client.get(QUERIES[0], headers=svc.as_(Role.AUDITOR))
    return answer.status_code == 200


async def test_reports_download_as_csv_and_excel_and_gauges_show_on_metrics(
    settings: Settings, redis: aioredis.Redis
) -> None:
    await record(redis, [e for i in range(1, 11) for e in debtor_history(i)])
    async with running_app(build, settings, redis) as svc:
        await eventually(lambda: drained(redis, settings.partitions), timeout=120)
        auditor, collector = svc.as_(Role.AUDITOR), svc.as_(Role.COLLECTOR)
        query = "/reports/aging?as_of=2026-03-20&group_by=segment"
        csv = await svc.client.get(query + "&format=csv", headers=collector)
        xlsx = await svc.client.get(query + "&format=xlsx", headers=auditor)
        as_json = (await svc.client.get(query, headers=auditor)).json()
        refused = await svc.client.get(query, headers=svc.as_(Role.INTEGRATION))
        anonymous = await svc.client.get(query)
        bad = await svc.client.get(
            "/reports/promises?start=2026-03-01&end=2026-02-01", headers=auditor
        )
        await eventually(lambda: _gauged(svc), timeout=120)
        metrics = (await svc.client.get("/metrics")).text

    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert (
        lines[0]
        == "segment,currency,not_due,1-30,31-60,61-90,91-180,181-365,over_365,total,invoices,as_of"
    )
    assert [line.split(",")[0] for line in lines[1:]] == ["key_account", "standard"]
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"  # a zip: the .xlsx
    assert [r["group"] for r in as_json["report"]["rows"]] == ["key_account", "standard"]
    assert (refused.status_code, anonymous.status_code) == (403, 401)
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_period"
    assert 'huikuan_receivables_open_amount{bucket="over_365",currency="CNY"}' in metrics
    assert 'huikuan_dso_days{currency="CNY",measure="dso",method="count_back"}' in metrics


async def _gauged(svc: Running) -> bool:
    return "huikuan_receivables_open_amount{" in (await svc.client.get("/metrics")).text


async def test_the_gauges_follow_a_fold_without_waiting_for_the_periodic_refresh(
    settings: Settings, redis: aioredis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the periodic refresh an hour away, only a change to the book can refresh the
    gauges: the debtors recorded while the service runs show in them."""
    monkeypatch.setattr(gauges, "REFRESH_S", 3600.0)
    await record(redis, [e for i in range(1, 6) for e in debtor_history(i)])
    async with running_app(build, settings, redis) as svc:
        await eventually(lambda: drained(redis, settings.partitions), timeout=120)
        first = await eventually(lambda: _open_total(svc), timeout=120)
        await record(redis, [e for i in range(6, 11) for e in debtor_history(i)])
        await eventually(lambda: drained(redis, settings.partitions), timeout=120)

        async def grown() -> float | None:
            total = await _open_total(svc)
            return total if total is not None and total > first else None

        later = await eventually(grown, timeout=120)

    assert later > first > 0


async def _open_total(svc: Running) -> float | None:
    """The open receivables on the gauges, all buckets and currencies; None before any."""
    text = (await svc.client.get("/metrics")).text
    samples = [
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "huikuan_receivables_open_amount"
        for sample in family.samples
    ]
    return sum(samples) if samples else None
