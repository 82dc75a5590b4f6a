"""Credit control with the real invoicing service: late payments lower the grade, the
limit drops with it, and the next order check answers with a prepayment and its reasons;
paying the overdue balance lifts the hold."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import redis.asyncio as aioredis

from services.invoicing.app import build as build_invoicing
from shared.contracts.customers import CreditCheckDecided, CreditRated
from shared.infra.settings import Settings
from tests.integration.customers.harness import AUDITOR, INTEGRATION, published, running
from tests.support.apps import eventually, running_app

CUSTOMER = "C-1001"
CNY = "CNY"


def money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": CNY}


async def issue(inv: Any, n: int, due: str) -> None:
    body = {"external_number": f"INV-{n}", "customer_id": CUSTOMER, "amount": money("10000.00"),
            "issue_date": "2026-05-01", "due_date": due}  # fmt: skip
    issued = await inv.client.post("/invoices", json=body, headers=inv.as_("integration"))
    assert issued.status_code == 201, issued.text


async def pay(inv: Any, n: int, on: str) -> None:
    body = {"payment_id": f"BANK-{n}", "amount": money("10000.00"), "value_date": on}
    paid = await inv.client.post(f"/invoices/INV-{n}/payments", json=body,
                                 headers=inv.as_("integration"))  # fmt: skip
    assert paid.status_code == 201, paid.text


async def settled(svc: Any, count: int) -> Any:
    async def check() -> Any:
        found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file",
                                     headers=svc.as_(AUDITOR))  # fmt: skip
        paid = [x for x in found.json().get("integrity_record", []) if x["kind"].startswith("paid")]
        return found.json() if len(paid) >= count else None

    return await eventually(check, timeout=60)


async def grades(redis: aioredis.Redis) -> list[str]:
    return [e.rating for e in await published(redis) if isinstance(e, CreditRated)]


async def check(svc: Any, order: str, amount: str) -> dict[str, Any]:
    answer = await svc.client.post("/credit/checks", json={
        "customer_id": CUSTOMER, "order_id": order, "amount": money(amount)},
        headers=svc.as_(INTEGRATION))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_late_payments_lower_the_grade_and_the_next_order_needs_a_prepayment(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc, running_app(build_invoicing, settings,
                                                             redis) as inv:  # fmt: skip
        await svc.register()
        for n, due in ((1, "2026-06-01"), (2, "2026-07-01"), (3, "2026-08-01")):
            await issue(inv, n, due)
            await pay(inv, n, due)
        await settled(svc, 3)
        before = await grades(redis)
        first = await check(svc, "SO-1", "50000.00")
        for n, due, paid in ((4, "2026-08-15", "2026-10-14"), (5, "2026-09-01", "2026-10-31")):
            await issue(inv, n, due)
            await pay(inv, n, paid)
        await settled(svc, 5)
        after = await grades(redis)
        second = await check(svc, "SO-2", "50000.00")
        await issue(inv, 6, "2026-11-01")  # 27 days past due today, beyond C's 10 days
        held = await eventually(lambda: _outcome(svc, "SO-3", "hold"), timeout=60)
        await pay(inv, 6, "2026-11-27")
        lifted = await eventually(lambda: _outcome(svc, "SO-4", "approve_with_prepayment"),
                                  timeout=60)  # fmt: skip

    assert before[-1] == "B" and after[-1] == "C"
    assert first["outcome"] == "approve"
    assert Decimal(first["credit_limit"]["amount"]) == Decimal("1000000")
    assert second["outcome"] == "approve_with_prepayment"
    assert second["prepayment_percent"] == 30
    assert second["prepayment"] == money("15000.00")
    assert Decimal(second["credit_limit"]["amount"]) == Decimal("300000")  # the limit dropped
    assert second["grade"] == "C"
    assert [r["code"] for r in second["reasons"]] == ["grade_prepayment"]
    assert "overdue_beyond_max_days" in [r["code"] for r in held["reasons"]]
    assert [r["code"] for r in lifted["reasons"]] == ["grade_prepayment"]
    decided = [e for e in await published(redis) if isinstance(e, CreditCheckDecided)]
    assert [e.order_id for e in decided][:2] == ["SO-1", "SO-2"]


async def _outcome(svc: Any, order: str, wanted: str) -> dict[str, Any] | None:
    answer = await check(svc, order, "50000.00")
    return answer if answer["outcome"] == wanted else None


async def test_orders_on_the_ingest_stream_count_in_the_exposure_and_checks_are_answered(
    redis: aioredis.Redis, settings: Settings
) -> None:
    stream = "hk:ingest:orders"

    def entry(**fields: Any) -> dict[str, str]:
        return {"__data__": json.dumps({"customer_id": CUSTOMER, **fields})}

    async with running(settings, redis) as svc:
        await svc.register()
        accepted = entry(type="OrderAccepted", order_id="SO-1", amount=money("30000.00"),
                         accepted_on="2026-11-20")  # fmt: skip
        await redis.xadd(stream, accepted)
        await redis.xadd(stream, accepted)  # the ERP sent it twice: counted once
        await redis.xadd(
            stream,
            entry(
                type="OrderShipped",
                order_id="SO-1",
                shipment_id="SH-1",
                amount=money("10000.00"),
                shipped_on="2026-11-21",
            ),
        )
        await redis.xadd(
            stream, entry(type="CheckOrder", order_id="SO-2", amount=money("25000.00"))
        )
        await redis.xadd(stream, {"__data__": json.dumps({"type": "CheckOrder"})})

        async def decided() -> Any:
            found = [e for e in await published(redis) if isinstance(e, CreditCheckDecided)]
            return found or None

        [answer] = await eventually(decided, timeout=60)
        await eventually(lambda: redis.xlen("hk:dlq:customers"), timeout=60)

    assert (answer.order_id, answer.grade) == ("SO-2", None)  # no rating yet
    assert answer.exposure.amount == Decimal("20000.00")  # 30 000 accepted, 10 000 shipped
    assert Decimal(answer.credit_limit.amount) == Decimal("50000")  # the unrated terms
    assert (answer.outcome, answer.prepayment_percent) == ("approve_with_prepayment", 50)
    assert [r.code for r in answer.reasons] == ["no_rating"]
