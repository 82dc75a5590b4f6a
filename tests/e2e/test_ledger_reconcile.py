"""The ledger of record and collections agree, through the real services; statements go
out on the durable clock and the customers' answers reach collections.

Three customers' invoices go through a random flow on both services — payments with and
without an allocation list, a credit note, a cancellation, a corrected due date, a
dispute collections resolves as credited (posted back to invoicing as a credit note) and
a debtor collections writes off (posted back as a bad-debt write-off). Then
``huikuan ledger reconcile`` (the admin API and the CLI) finds zero differences. With one
of invoicing's events withheld from collections (collections down, the entry removed
before it comes back), reconcile reports exactly that invoice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import random
import re
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from services.notifications.domain.calendars import working_day
from shared.infra import keys
from shared.infra.settings import Settings
from tests.e2e.conftest import System
from tests.e2e.journey_helpers import Journey, cny, registration, types_in
from tooling.cli import app
from tooling.demo import SHANGHAI, Demo

pytestmark = pytest.mark.e2e

L1, L2, L3 = "C-LDG-1", "C-LDG-2", "C-LDG-3"


@pytest.fixture
def journey(system: System, driver: Demo) -> Journey:
    return Journey(system, driver)


async def test_a_random_flow_leaves_both_balances_equal_and_a_withheld_event_is_reported(
    journey: Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    j, rng = journey, random.Random(20261128)
    today = (await j.driver.now()).astimezone(SHANGHAI).date()
    await customers_with_invoices(j, today, rng)
    await random_flow(j, today, rng)

    report = await agreed(j)
    assert report["differences"] == [] and report["invoices"] == 5
    credited = await invoice(j, "I-2A")
    assert (credited["status"], credited["outstanding"]["amount"]) == ("credited", "0.00")
    assert (await invoice(j, "I-3A"))["status"] == "written_off"
    assert (await invoice(j, "I-3B"))["status"] == "cancelled"
    code, out = await cli(j.system, monkeypatch)
    assert code == 0 and "5 invoices compared: 0 differences" in out

    await withhold_one_credit_note(j, today)
    report = await j.driver.call("GET", "invoicing", "/admin/ledger/reconcile")
    [difference] = report["differences"]
    assert (difference["customer_id"], difference["invoice_id"], difference["kind"]) == (
        L1, "I-1B", "amount_differs",
    )  # fmt: skip
    ours, theirs = difference["invoicing"]["amount"], difference["collections"]["amount"]
    assert float(theirs) - float(ours) == 50.0
    code, out = await cli(j.system, monkeypatch)
    assert code == 1 and f"{L1} I-1B: amount_differs" in out


async def customers_with_invoices(j: Journey, today: dt.date, rng: random.Random) -> None:
    issued, due = today - dt.timedelta(days=40), today - dt.timedelta(days=10)
    # The ERP's invoices may arrive before customers registered the buyer: held, then booked.
    await j.issue(L1, "I-1A", "1000.00", issued, due)
    for customer in (L1, L2, L3):
        email = f"ap.{customer[-1]}@ledger-buyer.cn"
        await j.driver.call("POST", "customers", "/customers", json=registration(customer, email))
    await j.issue(L1, "I-1B", f"{rng.randint(400, 600)}.00", issued, due)
    await j.issue(L2, "I-2A", f"{rng.randint(700, 900)}.00", issued, due)
    await j.issue(L3, "I-3A", "300.00", issued, due)
    await j.issue(L3, "I-3B", "700.00", issued, due)

    async def tracked() -> bool:
        views = [await j.driver.debtor(c) for c in (L1, L2, L3)]
        return sum(len(v["invoices"]) for v in views if v) == 5

    await j.driver.until("collections tracks the five invoices", tracked)


async def random_flow(j: Journey, today: dt.date, rng: random.Random) -> None:
    paid_on = (today - dt.timedelta(days=1)).isoformat()
    on_account = {"payment_id": "BANK-L1-1", "amount": cny(f"{rng.randint(1050, 1300)}.00"),
                  "value_date": paid_on}  # fmt: skip
    await j.driver.call("POST", "invoicing", f"/customers/{L1}/payments", json=on_account)
    note = {"credit_note_id": "CN-L1-1", "issued_on": paid_on, "reason": "short delivery",
            "lines": [{"item_id": "I-1B", "amount": f"{rng.randint(10, 90)}.00"}]}  # fmt: skip
    await j.driver.call("POST", "invoicing", f"/customers/{L1}/credit-notes", json=note)
    await j.pay("I-2A", "BANK-L2-1", f"{rng.randint(100, 300)}.00", today - dt.timedelta(days=1))
    later = {"due_date": (today + dt.timedelta(days=20)).isoformat(), "on": paid_on,
             "reason": "terms corrected"}  # fmt: skip
    await j.driver.call("PUT", "invoicing", "/invoices/I-2A/due-date", json=later)
    await j.driver.call("POST", "invoicing", "/invoices/I-3B/cancellation",
                        json={"on": paid_on, "reason": "issued twice"})  # fmt: skip
    await j.collector(L2, "/disputes", {"invoice_id": "I-2A", "reason": "quality"})
    await j.collector(L2, "/disputes/I-2A/resolve", {"outcome": "credited"})
    await j.collector(L3, "/write-off", {"reason": "insolvent"})


async def agreed(j: Journey) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        report: dict[str, Any] = await j.driver.call("GET", "invoicing", "/admin/ledger/reconcile")
        return report if report["agreed"] else None

    found: dict[str, Any] = await j.driver.until("both services to agree", probe)
    return found


async def invoice(j: Journey, number: str) -> dict[str, Any]:
    found: dict[str, Any] = await j.driver.call("GET", "invoicing", f"/invoices/{number}")
    return found


async def withhold_one_credit_note(j: Journey, today: dt.date) -> None:
    """Collections down; a credit note booked; its event removed before collections is back."""
    j.system.processes.kill("collections")
    note = {"credit_note_id": "CN-L1-2", "issued_on": today.isoformat(), "reason": "goodwill",
            "lines": [{"item_id": "I-1B", "amount": "50.00"}]}  # fmt: skip
    await j.driver.call("POST", "invoicing", f"/customers/{L1}/credit-notes", json=note)
    stream = keys.outbox(keys.partition_of(L1, Settings().partitions), "invoicing")
    for entry_id, fields in await j.driver.redis.xrange(stream):
        if json.loads(fields[b"__data__"]).get("credit_note_id") == "CN-L1-2":
            await j.driver.redis.xdel(stream, entry_id)
    j.system.processes.start_one("collections")

    async def back() -> bool:
        return await asyncio.to_thread(j.system.processes.ready, "collections")

    await j.driver.until("collections to be back", back)


async def cli(system: System, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``huikuan ledger reconcile`` as an operator runs it."""
    monkeypatch.setenv("REDIS_URL", system.redis_url)
    url = system.processes.url("invoicing")

    def run() -> tuple[int, str]:
        result = CliRunner().invoke(app, ["ledger", "reconcile", "--invoicing-url", url])
        return result.exit_code, result.stdout

    return await asyncio.to_thread(run)


L4, L5 = "C-LDG-4", "C-LDG-5"


async def test_a_month_passes_statements_go_out_and_the_customers_answer_them(
    journey: Journey,
) -> None:
    """A month passes on the simulated clock: each customer's statement is drawn up (PDF
    with Chinese text) and e-mailed; L4 confirms by its signed link, so collections
    restarts the limitation of its invoice; L5 disputes its line, set aside by collections."""
    j = journey
    today = (await j.driver.now()).astimezone(SHANGHAI).date()
    for customer in (L4, L5):
        email = f"ap.{customer[-1]}@ledger-buyer.cn"
        await j.driver.call("POST", "customers", "/customers", json=registration(customer, email))
        await j.issue(
            customer, f"I-{customer[-1]}A", "880.00", today, today + dt.timedelta(days=30)
        )

    async def tracked() -> bool:
        views = [await j.driver.debtor(c) for c in (L4, L5)]
        return all(v and len(v["invoices"]) == 1 for v in views)

    await j.driver.until("collections tracks both invoices", tracked)
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    # Statements are drawn up on the 1st; their e-mails wait for a working day (no message
    # on a public holiday or weekend, COMPLIANCE.md T2): 1 January is one, for instance.
    await j.driver.advance_to(dt.datetime.combine(first_working_day(first), dt.time(10), SHANGHAI))
    [issued] = await j.wait_events(L4, "invoicing", "StatementIssued")
    month = {"period_from": today.replace(day=1).isoformat(), "period_to": first.isoformat()}
    pdf = await j.driver.http.get(f"{j.system.urls()['invoicing']}/customers/{L4}/statement.pdf",
                                  params=month)  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "对账单" in text and "I-4A" in text and "880.00" in text
    [mail] = await j.mail_about("ap.4@ledger-buyer.cn", 1, statements=True)
    assert "对账单" in mail and "I-4A" in mail

    confirm = link_in(mail, "confirm")  # the customer follows the link in its e-mail
    assert confirm == issued.confirm_url
    assert confirm.startswith(f"{j.system.urls()['invoicing']}/customers/{L4}/statements/")
    async with httpx.AsyncClient() as customer:  # no API key: the signed link is the proof
        page = await customer.get(confirm)
        assert page.status_code == 200 and "CNY 880.00" in page.text
        assert await j.events(L4, "invoicing", "StatementConfirmed") == []  # fetched: nothing
        assert (await customer.post(confirm)).status_code == 201  # the page's button
    acknowledged = await j.view_when("limitation restarted", L4,
                                     lambda v: "DebtAcknowledged" in types_in(v))  # fmt: skip
    assert acknowledged["invoices"][0]["invoice_id"] == "I-4A"

    [their_mail] = await j.mail_about("ap.5@ledger-buyer.cn", 1, statements=True)
    dispute = link_in(their_mail, "dispute-lines")
    async with httpx.AsyncClient() as customer:
        page = await customer.get(dispute)
        assert page.status_code == 200 and 'value="I-5A"' in page.text
        form = {"invoice_ids": "I-5A", "reason": "quality"}  # what the page's form sends
        answer = await customer.post(dispute, data=form)
    assert answer.status_code == 201
    disputed = await j.view_when("the line set aside", L5,
                                 lambda v: v["invoices"][0]["disputed"] == "quality")  # fmt: skip
    assert disputed["invoices"][0]["overdue"] is False


def first_working_day(day: dt.date) -> dt.date:
    """``day``, or the first working day after it, in China (where the customers are)."""
    while not working_day("cn", day).is_working:
        day += dt.timedelta(days=1)
    return day


def link_in(mail: str, page: str) -> str:
    """The absolute statement link to ``page`` printed in the e-mail's text."""
    [url] = re.findall(rf"https?://\S+/statements/[0-9a-f-]+/{page}\?\S+", mail)
    return url
