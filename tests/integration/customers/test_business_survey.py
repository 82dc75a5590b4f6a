"""The business condition survey (经营状况调查表) over the customers API: a collector types
entries in, a system imports them with its reference; the credit file shows every entry
with its source, date and who recorded it, the latest of each topic marked current; an
entry is never overwritten."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from shared.infra.settings import Settings
from tests.integration.customers.harness import AUDITOR, COLLECTOR, INTEGRATION, running

CUSTOMER = "C-1001"
URL = f"/customers/{CUSTOMER}/credit-file/survey"


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


def financials(period_end: str, current_assets: str) -> dict[str, Any]:
    return {"topic": "financials", "period_end": period_end, "audited": True,
            "revenue": cny("9000000"), "net_profit": cny("400000"),
            "current_assets": cny(current_assets), "current_liabilities": cny("1000000"),
            "total_assets": cny("6000000"), "total_liabilities": cny("3000000")}  # fmt: skip


async def test_survey_entries_are_kept_with_source_and_date_and_shown_in_the_credit_file(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        assert (await svc.register()).status_code == 201
        typed = {"entry_id": "S-1", "as_of": "2026-10-08",
                 "finding": {"topic": "bank_reference", "bank": "Bank of Ningbo Yinzhou branch",
                             "opinion": "good"},
                 "note": "called the branch"}  # fmt: skip
        by_collector = await svc.client.post(URL, json=typed, headers=svc.as_(COLLECTOR))
        again = await svc.client.post(URL, json=typed, headers=svc.as_(COLLECTOR))
        changed = {**typed, "finding": {**typed["finding"], "opinion": "poor"}}
        overwrite = await svc.client.post(URL, json=changed, headers=svc.as_(COLLECTOR))
        source = {"kind": "import", "system": "erp", "reference": "FIN-2025"}
        for entry_id, period_end, assets in (("F-2024", "2024-12-31", "1500000"),
                                             ("F-2025", "2025-12-31", "2500000")):  # fmt: skip
            body = {"entry_id": entry_id, "as_of": period_end, "source": source,
                    "finding": financials(period_end, assets)}  # fmt: skip
            imported = await svc.client.post(URL, json=body, headers=svc.as_(INTEGRATION))
            assert imported.status_code == 201, imported.text
        bad = await svc.client.post(URL, json={**typed, "entry_id": "S-9", "finding": {
            "topic": "industry", "code": "manufacturing", "label": "x"}},
            headers=svc.as_(COLLECTOR))  # fmt: skip
        unknown = await svc.client.post("/customers/C-9999/credit-file/survey", json=typed,
                                        headers=svc.as_(COLLECTOR))  # fmt: skip
        by_auditor = await svc.client.post(URL, json=typed, headers=svc.as_(AUDITOR))
        credit_file = await svc.client.get(f"/customers/{CUSTOMER}/credit-file",
                                           headers=svc.as_(AUDITOR))  # fmt: skip

    assert by_collector.status_code == 201, by_collector.text
    assert again.status_code == 201 and again.json() == by_collector.json()
    assert overwrite.status_code == 409
    assert overwrite.json()["error"] == "survey_entry_conflict"
    assert bad.status_code == 422
    assert unknown.status_code == 404
    assert by_auditor.status_code == 403
    entries = credit_file.json()["business_survey"]
    assert [(e["entry"]["entry_id"], e["current"]) for e in entries] == [
        ("S-1", True), ("F-2024", False), ("F-2025", True),
    ]  # fmt: skip
    assert entries[0]["entry"]["source"] == {"kind": "person", "user": "test-collector"}
    assert entries[0]["entry"]["finding"]["opinion"] == "good"
    assert entries[2]["entry"]["source"] == source
    assert entries[2]["recorded_by"] == "test-integration"
