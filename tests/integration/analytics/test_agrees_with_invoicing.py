"""Analytics' aging agrees with invoicing's account, the ledger of record, after a
cancellation and a credit note booked through the real invoicing app — and still shows both
invoices as of a day before they took effect."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import redis.asyncio as aioredis

from services.analytics.app import build as build_analytics
from shared.infra.api_keys import Role
from shared.infra.settings import Settings
from tests.integration.analytics.test_projection import drained
from tests.integration.invoicing.harness import registered
from tests.integration.invoicing.harness import running as running_invoicing
from tests.support.apps import Running, eventually, running_app

CUSTOMER = "C-AG-1"


def invoice(number: str, amount: str) -> dict[str, Any]:
    return {
        "external_number": number,
        "customer_id": CUSTOMER,
        "amount": {"amount": amount, "currency": "CNY"},
        "issue_date": "2026-10-01",
        "due_date": "2026-10-31",
    }


async def open_in_aging(analytics: Running, as_of: str) -> Decimal | None:
    answer = await analytics.client.get(
        "/reports/aging",
        params={"as_of": as_of, "group_by": "customer"},
        headers=analytics.as_(Role.AUDITOR),
    )
    if answer.status_code != 200:
        return None  # loading
    rows = [r for r in answer.json()["report"]["rows"] if r["group"] == CUSTOMER]
    return sum((Decimal(a) for r in rows for a in r["amounts"]), Decimal(0))


async def test_a_cancelled_and_a_credited_invoice_leave_aging_as_they_leave_the_account(
    settings: Settings, redis: aioredis.Redis
) -> None:
    async with (
        running_invoicing(settings, redis) as invoicing,
        running_app(build_analytics, settings, redis) as analytics,
    ):
        await registered(invoicing, redis, CUSTOMER)
        post, integration = invoicing.client.post, invoicing.as_(Role.INTEGRATION)
        for number, amount in (("AG-1", "1000.00"), ("AG-2", "600.00"), ("AG-3", "400.00")):
            made = await post("/invoices", json=invoice(number, amount), headers=integration)
            assert made.status_code == 201, made.text
        cancelled = await post(
            "/invoices/AG-1/cancellation",
            json={"on": "2026-11-10", "reason": "issued twice"},
            headers=integration,
        )
        credited = await post(
            f"/customers/{CUSTOMER}/credit-notes",
            json={"credit_note_id": "CN-AG-2", "issued_on": "2026-11-12", "reason": "returned",
                  "lines": [{"item_id": "AG-2", "amount": "600.00"}]},
            headers=invoicing.as_(Role.ADMIN),
        )  # fmt: skip
        assert (cancelled.status_code, credited.status_code) == (201, 201), credited.text
        account = await invoicing.client.get(
            f"/customers/{CUSTOMER}/account", headers=invoicing.as_(Role.AUDITOR)
        )
        await eventually(lambda: drained(redis, settings.partitions), timeout=120)
        await eventually(lambda: open_in_aging(analytics, "2026-11-15"), timeout=60)
        after = await open_in_aging(analytics, "2026-11-15")
        between = await open_in_aging(analytics, "2026-11-10")
        before = await open_in_aging(analytics, "2026-11-09")

    (balance,) = account.json()["balances"]
    assert Decimal(balance["invoices_open"]["amount"]) == Decimal("400.00")
    assert after == Decimal("400.00")  # the account's open invoices, to the cent
    assert between == Decimal("1000.00")  # cancelled on the 10th; the credit note on the 12th
    assert before == Decimal("2000.00")  # both still owed the day before
