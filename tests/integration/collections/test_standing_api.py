"""The debtor's standing for notifications (internal key only): ids, amounts and flags that
say whether a deferred message is still true — a promise a plan replaced is gone, a paid
part of an invoice is no longer outstanding."""

from __future__ import annotations

import redis.asyncio as aioredis

from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.collections.harness import Upstream, eventually, running
from tests.integration.collections.test_collector_flow import overdue_debtor
from tests.unit.collections.given import DEBTOR

PROMISE = {"promise_id": "P-9", "amount": {"amount": "12000.00", "currency": "CNY"},
           "due_on": "2026-12-10", "channel": "phone"}  # fmt: skip
PLAN = {"plan_id": "PL-9", "instalments": [
    {"due_on": "2026-12-15", "amount": {"amount": "5000.00", "currency": "CNY"}},
    {"due_on": "2026-12-31", "amount": {"amount": "3000.00", "currency": "CNY"}}]}  # fmt: skip
URL = f"/internal/debtors/{DEBTOR}/standing"


async def test_the_standing_follows_a_payment_and_a_plan_replacing_a_promise(
    redis: aioredis.Redis, settings: Settings
) -> None:
    upstream = Upstream(redis, settings.partitions)
    async with running(settings, redis) as svc:
        invoices = await overdue_debtor(svc, upstream)
        internal = svc.as_(Role.INTERNAL)
        collector = svc.as_(Role.COLLECTOR)
        await svc.client.post(f"/debtors/{DEBTOR}/promises", json=PROMISE, headers=collector)
        promised = (await svc.client.get(URL, headers=internal)).json()
        await svc.client.post(f"/debtors/{DEBTOR}/plans", json=PLAN, headers=collector)
        await upstream.publish(*invoices.pay("INV-1", "4000.00"))

        async def paid() -> dict[str, object] | None:
            answer = (await svc.client.get(URL, headers=internal)).json()
            return answer if answer["invoices"][0]["outstanding"]["amount"] == "8000.00" else None

        now = await eventually(paid)
        refused = [(await svc.client.get(URL, headers=svc.as_(role))).status_code
                   for role in (Role.COLLECTOR, Role.AUDITOR, Role.INTEGRATION)]  # fmt: skip
        unknown = await svc.client.get("/internal/debtors/C-NOBODY/standing", headers=internal)

    assert promised["promise"]["promise_id"] == "P-9" and promised["plan_id"] is None
    assert now["promise"] is None and now["plan_id"] == "PL-9"
    assert [i["amount"]["amount"] for i in now["instalments"]] == ["5000.00", "3000.00"]
    assert now["supply_halted"] is False
    assert now["invoices"][0]["disputed"] is False and now["invoices"][0]["closed"] is False
    assert refused == [403, 403, 403]
    assert unknown.status_code == 404 and unknown.json()["rule"] == "DebtorNotFound"
