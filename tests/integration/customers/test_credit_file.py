"""The credit file derived from the real invoicing service's events: invoices paid late
make integrity-record lines with their days late, and the scorecard publishes
``CreditRated`` with every factor's contribution once enough is known."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from services.invoicing.app import build as build_invoicing
from shared.contracts.customers import CreditRated
from shared.infra.settings import Settings
from tests.integration.customers.harness import AUDITOR, COLLECTOR, published, running
from tests.support.apps import eventually, running_app

CUSTOMER = "C-1001"


async def issue_and_pay(inv: Any, n: int, due: str, paid: str) -> None:
    number = f"INV-{n:04d}"
    amount = {"amount": "1000.00", "currency": "CNY"}
    issued = await inv.client.post("/invoices", json={
        "external_number": number, "customer_id": CUSTOMER, "amount": amount,
        "issue_date": "2026-05-01", "due_date": due}, headers=inv.as_("integration"))  # fmt: skip
    assert issued.status_code == 201, issued.text
    payment = {"payment_id": f"BANK-{n}", "amount": amount, "value_date": paid}
    booked = await inv.client.post(f"/invoices/{number}/payments", json=payment,
                                   headers=inv.as_("integration"))  # fmt: skip
    assert booked.status_code == 201, booked.text


async def test_late_payments_fill_the_integrity_record_and_a_rating_is_published(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc, running_app(build_invoicing, settings,
                                                             redis) as inv:  # fmt: skip
        assert (await svc.register()).status_code == 201
        await issue_and_pay(inv, 1, "2026-06-01", "2026-06-11")
        await issue_and_pay(inv, 2, "2026-07-01", "2026-07-21")
        await issue_and_pay(inv, 3, "2026-08-01", "2026-08-01")

        async def file_with_three_payments() -> Any:
            found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file",
                                         headers=svc.as_(COLLECTOR))  # fmt: skip
            lines = found.json().get("integrity_record", [])
            return found if len([x for x in lines if x["kind"].startswith("paid")]) == 3 else None

        credit_file = (await eventually(file_with_three_payments, timeout=60)).json()
        ratings = [e for e in await published(redis) if isinstance(e, CreditRated)]
        again = await svc.client.get(f"/customers/{CUSTOMER}/credit-file",
                                     headers=svc.as_(AUDITOR))  # fmt: skip

    lines = {x["reference"]: x for x in credit_file["integrity_record"]}
    assert [(x["kind"], x["days_late"]) for x in lines.values()] == [
        ("paid_late", 10), ("paid_late", 20), ("paid_on_time", 0),
    ]  # fmt: skip
    summary = credit_file["last_12_months"]
    assert (summary["invoices_paid_late"], summary["invoices_paid_on_time"]) == (2, 1)
    assert credit_file["rating_now"]["kind"] == "rated"
    # The third invoice was issued long past due (an open item 119 days late: E), then paid.
    assert [(r.rating, r.reason) for r in ratings] == [
        ("E", "InvoiceIssued"),
        ("B", "InvoiceSettled"),
    ]
    rated = ratings[-1]
    assert rated.rating == credit_file["rating_now"]["grade"]
    assert rated.scorecard_version == "2026.1"
    assert {c.factor for c in rated.contributions} >= {"average_days_late", "overdue_percent"}
    assert rated.reason == "InvoiceSettled"
    assert [r["rating"] for r in credit_file["ratings"]] == ["E", "B"]
    assert again.json()["integrity_record"] == credit_file["integrity_record"]
