"""The collections state machine end to end, on the simulated clock, through the four
service processes, real Redis and real SMTP.

Four debtors walk through it side by side, each on working days in Shanghai between
09:00 and 17:00 (no quiet hours, weekend or holiday defers a message):

- K (segment ``key_account``): a pre-due reminder, then paid and cleared;
- A: overdue levels 1 and 2 with their reminders, a promise kept while dunning waits,
  the formal demand, a promise broken by the durable timer (its consequence: the
  ``promise_broken`` message and a jump to the supply halt), the halt lifted once by
  the payment, and cleared;
- B: a payment plan whose first instalment is paid and second missed;
- D: one of two invoices disputed before it falls due (neither overdue reminder speaks
  of it), the dispute resolved back to dunning, and the demand letter (posted as a PDF)
  naming both invoices.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import System
from tests.e2e.journey_helpers import Journey, promise, registration, types_in
from tooling.demo import Demo

pytestmark = pytest.mark.e2e

ISSUED, DUE = dt.date(2027, 3, 1), dt.date(2027, 3, 22)  # Monday, Monday
PRE_DUE = dt.date(2027, 3, 19)  # Friday: three days before the due date
MISSED = dt.date(2027, 3, 26)  # Friday: due date + 3 days' grace + 1, level 1
LEVEL_2 = dt.date(2027, 4, 6)  # Tuesday (Monday 5 April is 清明): 15 days past due
LEVEL_3 = dt.date(2027, 4, 21)  # Wednesday: 30 days past due
IN_GRACE = dt.date(2027, 4, 26)  # Monday: instalment 2 (21st + 3) missed, promise (23rd + 3) not
BROKEN = dt.date(2027, 4, 27)  # Tuesday: the promise's date + grace has passed

K, A, B, D = "C-JRN-K", "C-JRN-A", "C-JRN-B", "C-JRN-D"
MAIL = {c: f"ap.{c[-1].lower()}@journey-buyer.cn" for c in (K, A, B, D)}
PLAN = "PLAN-B-1"
ONE_DAY = dt.timedelta(days=1)


@pytest.fixture
def letters(system: System) -> Path:
    return system.letters


@pytest.fixture
def journey(system: System, driver: Demo) -> Journey:
    return Journey(system, driver)


async def test_debtors_walk_through_reminders_promises_plan_dispute_demand_and_halt(
    journey: Journey, letters: Path
) -> None:
    await debtors_are_registered_and_invoiced(journey)
    await key_account_gets_a_pre_due_reminder_and_an_invoice_is_disputed(journey)
    await overdue_debtors_reach_level_one(journey)
    await level_two_skips_the_disputed_invoice_while_promise_and_plan_hold(journey)
    await dispute_resolved_instalment_paid_and_promise_made(journey)
    await dunning_waits_for_the_promise_and_the_demand_names_the_resolved_invoice(journey, letters)
    await instalment_missed_while_the_promise_is_still_in_grace(journey)
    await broken_promise_halts_supply_and_the_payment_lifts_it_once(journey)


async def debtors_are_registered_and_invoiced(j: Journey) -> None:
    await j.at(ISSUED)
    for customer in (K, A, B, D):
        segment = "key_account" if customer == K else "standard"
        await j.driver.call("POST", "customers", "/customers",
                            json=registration(customer, MAIL[customer], segment))  # fmt: skip
        await j.view_when("registered", customer, lambda v: v["registered"])
    for customer, number, amount in [(K, "INV-JRN-K1", "5000.00"), (A, "INV-JRN-A1", "30000.00"),
                                     (B, "INV-JRN-B1", "9000.00"), (D, "INV-JRN-D1", "8000.00"),
                                     (D, "INV-JRN-D2", "6000.00")]:  # fmt: skip
        await j.issue(customer, number, amount, ISSUED, DUE)
    await j.view_when("both invoices tracked", D, lambda v: len(v["invoices"]) == 2)
    for customer in (K, A, B):
        await j.view_when("its invoice tracked", customer, lambda v: len(v["invoices"]) == 1)
    assert (await j.view(K))["policy_id"] == "key-account"
    assert (await j.view(A))["policy_id"] == "cn-default"


async def key_account_gets_a_pre_due_reminder_and_an_invoice_is_disputed(j: Journey) -> None:
    await j.at(PRE_DUE)
    request = await j.requested(K, "pre_due_reminder")
    assert [i.external_number for i in request.invoices] == ["INV-JRN-K1"]
    sent = await j.sent(request, "email")
    assert sent.masked_address != MAIL[K]
    [text] = await j.mail_about(MAIL[K], 1)
    assert "INV-JRN-K1" in text
    view = await j.view(K)
    assert (view["state"], view["level"]) == ("reminded", 1)
    assert "DunningLevelReached" in types_in(view)
    for cn_debtor in (A, B, D):  # the default cn policy has no pre-due reminder
        assert await j.events(cn_debtor, "collections", "NotificationRequested") == []
    d1 = await j.invoice_id(D, "INV-JRN-D1")
    disputed = await j.collector(D, "/disputes", {"invoice_id": d1, "reason": "quality"})
    assert disputed["events"] == ["InvoiceDisputed"]
    await j.erp({"type": "RecordPayment", "payment_id": "BANK-K1", "external_number": "INV-JRN-K1",
                 "amount": {"amount": "5000.00", "currency": "CNY"},
                 "value_date": PRE_DUE.isoformat()})  # fmt: skip
    cleared = await j.view_when("cleared by the payment", K, lambda v: v["state"] == "current")
    assert "DebtorCleared" in types_in(cleared)
    assert cleared["outstanding"] == []


async def overdue_debtors_reach_level_one(j: Journey) -> None:
    await j.at(MISSED)
    for customer in (A, B, D):
        [reached] = await j.wait_events(customer, "collections", "DunningLevelReached")
        assert (reached.level, reached.state) == (1, "overdue")
        request = await j.requested(customer, "overdue_reminder_1")
        assert (request.channels, request.rule) == (("email", "log"), reached.rule)
        await j.sent(request, "email")
    [text] = await j.mail_about(MAIL[A], 1)
    assert "INV-JRN-A1" in text
    reminder = await j.requested(D, "overdue_reminder_1")
    assert [i.external_number for i in reminder.invoices] == ["INV-JRN-D2"]
    [text] = await j.mail_about(MAIL[D], 1)
    assert "INV-JRN-D2" in text and "INV-JRN-D1" not in text
    instalments = [{"due_on": day.isoformat(), "amount": {"amount": "3000.00", "currency": "CNY"}}
                   for day in (LEVEL_2, LEVEL_3, LEVEL_3 + dt.timedelta(days=15))]  # fmt: skip
    agreed = await j.collector(B, "/plans", {"plan_id": PLAN, "instalments": instalments})
    assert agreed["events"][0] == "PaymentPlanAgreed"


async def level_two_skips_the_disputed_invoice_while_promise_and_plan_hold(j: Journey) -> None:
    await j.at(LEVEL_2)
    for customer in (A, D):
        await j.wait_events(customer, "collections", "DunningLevelReached", lambda e: e.level == 2)
        reached = await j.events(customer, "collections", "DunningLevelReached")
        assert [(e.level, e.rule) for e in reached] == [
            (1, "overdue.first_missed_payment"), (2, "overdue.second_reminder"),
        ]  # fmt: skip
        request = await j.requested(customer, "overdue_reminder_2")
        assert request.rule == "overdue.second_reminder"
        await j.sent(request, "email")
    reminder = await j.requested(D, "overdue_reminder_2")
    assert [i.external_number for i in reminder.invoices] == ["INV-JRN-D2"]
    second = (await j.mail_about(MAIL[D], 2))[1]
    assert "INV-JRN-D2" in second and "INV-JRN-D1" not in second
    held = await j.view(B)  # the plan holds dunning: next comes the instalment, not a level
    assert (held["level"], held["next_step"]["what"]) == (1, f"instalment 1 of plan {PLAN} due")


async def dispute_resolved_instalment_paid_and_promise_made(j: Journey) -> None:
    d1 = await j.invoice_id(D, "INV-JRN-D1")
    resolved = await j.collector(D, f"/disputes/{d1}/resolve",
                                 {"outcome": "upheld_back_to_dunning"})  # fmt: skip
    assert resolved["events"][0] == "DisputeResolved"
    back = await j.view(D)
    assert [i["disputed"] for i in back["invoices"]] == [None, None]
    assert back["overdue"] == [{"amount": "14000.00", "currency": "CNY"}]
    await j.pay("INV-JRN-B1", "BANK-B1", "3000.00", LEVEL_2)
    await j.wait_events(B, "collections", "PromiseKept", lambda e: e.promise_id == f"{PLAN}/1")
    made = await j.collector(A, "/promises", promise("P-A-1", "4000.00", LEVEL_3 + ONE_DAY))
    assert made["events"][0] == "PromiseMade"


async def dunning_waits_for_the_promise_and_the_demand_names_the_resolved_invoice(
    j: Journey, letters: Path
) -> None:
    await j.at(LEVEL_3)
    [demand] = await j.wait_events(D, "collections", "DemandIssued")
    assert set(demand.invoice_ids) == {
        await j.invoice_id(D, "INV-JRN-D1"),
        await j.invoice_id(D, "INV-JRN-D2"),
    }
    await demand_letter_is_posted(j, demand, letters)
    waiting = await j.view(A)
    assert (waiting["level"], waiting["promise"]["promise_id"]) == (2, "P-A-1")
    assert waiting["invoices"][0]["days_past_due"] == 30
    assert "DemandIssued" not in types_in(waiting)
    assert waiting["next_step"]["what"] == "promise P-A-1 due"
    await j.pay("INV-JRN-A1", "BANK-A1", "4000.00", LEVEL_3)
    await j.wait_events(A, "collections", "PromiseKept", lambda e: e.promise_id == "P-A-1")
    [demand_a] = await j.wait_events(A, "collections", "DemandIssued")
    assert demand_a.overdue.amount == 26000
    await demand_letter_is_posted(j, demand_a, letters)
    made = await j.collector(A, "/promises", promise("P-A-2", "5000.00", LEVEL_3 + 2 * ONE_DAY))
    assert made["events"][0] == "PromiseMade"


async def demand_letter_is_posted(j: Journey, demand: Any, letters: Path) -> None:
    """The demand's letter went out on the letter channel: a PDF in the mailing folder."""
    letter = await j.requested(demand.customer_id, "demand_letter")
    assert (letter.channels, letter.formal_demand, letter.request_id) == (
        ("letter",), True, demand.request_id,
    )  # fmt: skip
    posted = await j.sent(letter, "letter")
    assert posted.provider_result.startswith("stored letters/")
    pdf = posted.provider_result.split()[1].removeprefix("letters/")
    assert (letters / pdf).read_bytes().startswith(b"%PDF")


async def instalment_missed_while_the_promise_is_still_in_grace(j: Journey) -> None:
    await j.at(IN_GRACE)
    [missed] = await j.wait_events(B, "collections", "InstalmentMissed")
    assert (missed.plan_id, missed.number, missed.shortfall.amount) == (PLAN, 2, 3000)
    await j.wait_events(B, "collections", "PromiseBroken", lambda e: e.promise_id == f"{PLAN}/2")
    assert (await j.requested(B, "promise_broken")).promise.promise_id == f"{PLAN}/2"
    assert (await j.view(B))["plan"] is None
    pending = await j.view(A)  # due 23 April + 3 days' grace: not broken on the 26th
    assert (pending["promise"]["promise_id"], pending["level"]) == ("P-A-2", 3)
    assert await j.events(A, "collections", "PromiseBroken") == []


async def broken_promise_halts_supply_and_the_payment_lifts_it_once(j: Journey) -> None:
    await j.at(BROKEN)
    [broken] = await j.wait_events(A, "collections", "PromiseBroken")
    assert (broken.promise_id, broken.shortfall.amount) == ("P-A-2", 5000)
    await j.sent(await j.requested(A, "promise_broken"), "email")
    [halted] = await j.wait_events(A, "collections", "SupplyHalted")
    assert halted.overdue.amount == 26000
    reached = await j.events(A, "collections", "DunningLevelReached")
    assert [(e.level, e.rule) for e in reached][-2:] == [
        (3, "demand.formal_letter"), (4, "promise.broken"),
    ]  # fmt: skip
    await j.pay("INV-JRN-A1", "BANK-A2", "26000.00", BROKEN)
    cleared = await j.view_when("cleared, and the settled invoice closed", A,
                                lambda v: types_in(v)[-1] == "DebtorInvoiceClosed")  # fmt: skip
    assert (cleared["state"], cleared["supply_halted"]) == ("current", False)
    after_halt = types_in(cleared)[types_in(cleared).index("SupplyHalted") :]
    assert [t for t in after_halt if t in ("SupplyResumed", "DebtorCleared")] == [
        "SupplyResumed", "DebtorCleared",
    ]  # fmt: skip
    [resumed] = await j.events(A, "collections", "SupplyResumed")
    assert (resumed.halt_id, resumed.reason) == (halted.halt_id, "overdue_paid")
    assert len(await j.events(A, "collections", "DebtorCleared")) == 1
