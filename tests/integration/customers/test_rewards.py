"""Rewards with the real customers and invoicing apps: invoices paid early earn points in
the credit file; an admin redeems them; invoicing books the credit note once and the
customer's account balance drops by its amount; the customer's statement shows the points
balance as of its last day."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import redis.asyncio as aioredis
from pypdf import PdfReader

from services.invoicing.app import build as build_invoicing
from shared.contracts.customers import RewardCreditGranted, RewardPointsChanged
from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from tests.integration.customers.harness import ADMIN, AUDITOR, COLLECTOR, published, running
from tests.support.apps import eventually, running_app

CUSTOMER = "C-1001"
CNY = "CNY"


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": CNY}


async def issue(inv: Any, number: str, amount: str, due: str) -> None:
    issued = await inv.client.post("/invoices", json={
        "external_number": number, "customer_id": CUSTOMER, "amount": cny(amount),
        "issue_date": "2026-11-01", "due_date": due}, headers=inv.as_("integration"))  # fmt: skip
    assert issued.status_code == 201, issued.text


async def pay(inv: Any, number: str, amount: str, on: str) -> None:
    payment = {"payment_id": f"BANK-{number}", "amount": cny(amount), "value_date": on}
    booked = await inv.client.post(f"/invoices/{number}/payments", json=payment,
                                   headers=inv.as_("integration"))  # fmt: skip
    assert booked.status_code == 201, booked.text


async def rewards(svc: Any) -> dict[str, Any]:
    found = await svc.client.get(f"/customers/{CUSTOMER}/credit-file", headers=svc.as_(AUDITOR))
    assert found.status_code == 200, found.text
    return dict(found.json()["rewards"])


async def account(inv: Any) -> dict[str, Any]:
    found = await inv.client.get(f"/customers/{CUSTOMER}/account", headers=inv.as_(COLLECTOR))
    assert found.status_code == 200, found.text
    return dict(found.json())


def balance(view: dict[str, Any]) -> str:
    return str(next(b["balance"]["amount"] for b in view["balances"] if b["currency"] == CNY))


async def test_points_earned_by_early_payments_are_redeemed_as_a_credit_note(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc, running_app(build_invoicing, settings,
                                                             redis) as inv:  # fmt: skip
        assert (await svc.register()).status_code == 201
        # Eight invoices of 1,000 paid 41 days early: 10 on time + 5 early = 15 points each;
        # one of 500 (under the 1,000 minimum) earns nothing; one of 5,000 stays open.
        for n in range(1, 9):
            await issue(inv, f"INV-{n}", "1000.00", "2026-12-31")
            await pay(inv, f"INV-{n}", "1000.00", "2026-11-20")
        await issue(inv, "INV-SMALL", "500.00", "2026-12-31")
        await pay(inv, "INV-SMALL", "500.00", "2026-11-20")
        await issue(inv, "INV-OPEN", "5000.00", "2026-12-31")

        async def earned() -> dict[str, Any] | None:
            found = await rewards(svc)
            return found if found["balance"] == 120 else None

        before_redeeming = await eventually(earned, timeout=60)
        assert balance(await account(inv)) == "5000.00"

        url = f"/customers/{CUSTOMER}/rewards/redemptions"
        body = {"redemption_id": "R-1", "points": 100}
        by_collector = await svc.client.post(url, json=body, headers=svc.as_(COLLECTOR))
        first = await svc.client.post(url, json=body, headers=svc.as_(ADMIN))
        again = await svc.client.post(url, json=body, headers=svc.as_(ADMIN))
        too_many = await svc.client.post(url, json={"redemption_id": "R-2", "points": 100},
                                         headers=svc.as_(ADMIN))  # fmt: skip
        other_points = await svc.client.post(url, json={"redemption_id": "R-1", "points": 110},
                                             headers=svc.as_(ADMIN))  # fmt: skip

        async def credited() -> dict[str, Any] | None:
            view = await account(inv)
            return view if balance(view) == "4900.00" else None

        after = await eventually(credited, timeout=60)
        invoice = await inv.client.get("/invoices/INV-OPEN", headers=inv.as_(COLLECTOR))
        after_redeeming = await rewards(svc)
        grants = [e for e in await published(redis) if isinstance(e, RewardCreditGranted)]

    assert [x["points"] for x in before_redeeming["points"]] == [15] * 8
    assert before_redeeming["points"][0]["why"] == "paid 41 days early"
    assert by_collector.status_code == 403
    assert first.status_code == 201, first.text
    assert first.json()["credit"] == cny("100.00")  # 100 points × 1.00 CNY
    assert again.status_code == 201 and again.json() == first.json()
    assert too_many.status_code == 409, too_many.text
    assert too_many.json()["error"] == "not_enough_points"
    assert other_points.status_code == 409
    assert other_points.json()["error"] == "redemption_conflict"
    assert after_redeeming["balance"] == 20
    assert after_redeeming["points"][-1] == {
        "on": first.json()["granted_on"], "reference": "redeem:R-1", "points": -100,
        "why": "redeemed",
    }  # fmt: skip
    assert [g.grant_id for g in grants] == ["redeem:R-1"]
    # Booked once, on the open invoice by the account's oldest-due-first rule.
    assert invoice.json()["credited"] == cny("100.00")
    assert invoice.json()["outstanding"] == cny("4900.00")
    assert after["unapplied"] == []


async def statement(inv: Any, period_from: str, period_to: str) -> dict[str, Any]:
    period = {"period_from": period_from, "period_to": period_to}
    found = await inv.client.get(f"/customers/{CUSTOMER}/statement", params=period,
                                 headers=inv.as_(COLLECTOR))  # fmt: skip
    assert found.status_code == 200, found.text
    return dict(found.json())


async def test_the_statement_shows_the_points_balance_as_of_its_last_day(
    redis: aioredis.Redis, settings: Settings
) -> None:
    simulated = settings.model_copy(update={"clock": "simulated"})
    await SimulatedClock(redis).set(dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC))
    async with running(simulated, redis) as svc, running_app(build_invoicing, simulated,
                                                             redis) as inv:  # fmt: skip
        assert (await svc.register()).status_code == 201
        before_any = await statement(inv, "2026-11-01", "2026-12-01")
        # Eight invoices paid on 20 November, 41 days early: 15 points each.
        for n in range(1, 9):
            await issue(inv, f"INV-{n}", "1000.00", "2026-12-31")
            await pay(inv, f"INV-{n}", "1000.00", "2026-11-20")

        async def shown(period_to: str, points: int) -> dict[str, Any] | None:
            found = await statement(inv, "2026-11-01", period_to)
            return found if found["reward_points"] == points else None

        november = await eventually(lambda: shown("2026-12-01", 120), timeout=60)
        before_payments = await statement(inv, "2026-11-01", "2026-11-20")
        redeemed = await svc.client.post(f"/customers/{CUSTOMER}/rewards/redemptions",
                                         json={"redemption_id": "R-1", "points": 100},
                                         headers=svc.as_(ADMIN))  # fmt: skip
        december = await eventually(lambda: shown("2027-01-01", 20), timeout=60)
        november_again = await statement(inv, "2026-11-01", "2026-12-01")
        pdf = await inv.client.get(f"/customers/{CUSTOMER}/statement.pdf",
                                   params={"period_from": "2026-11-01", "period_to": "2027-01-01"},
                                   headers=inv.as_(COLLECTOR))  # fmt: skip
        changes = [e for e in await published(redis) if isinstance(e, RewardPointsChanged)]

    assert before_any["reward_points"] is None  # no points ever: the statement shows none
    assert november["reward_points"] == 120
    assert before_payments["reward_points"] == 0  # its last day, 19 November: none earned yet
    assert redeemed.status_code == 201, redeemed.text
    assert december["reward_points"] == 20  # redeemed on 5 December, within the period
    assert november_again["reward_points"] == 120  # as of 30 November, before the redemption
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Reward points balance on 2026-12-31: 20" in text
    assert [(c.kind, c.change, c.balance) for c in changes] == [
        *(("earned", 15, 15 * n) for n in range(1, 9)), ("redeemed", -100, 20)
    ]  # fmt: skip
