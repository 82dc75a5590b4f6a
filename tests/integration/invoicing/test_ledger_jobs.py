"""The ledger's jobs and outcomes on the real invoicing service: invoices for an unknown
customer held until customers registers it; late interest booked once per period however
often and concurrently the run goes, on the durable clock too; collections' settlement
posted back as a discount credit note, once."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import uuid
from decimal import Decimal
from typing import Any

import pytest
import redis.asyncio as aioredis
from pypdf import PdfReader

from services.invoicing.app import build
from services.invoicing.domain.account_state import AccountFactRecorded
from shared.contracts import encode_event
from shared.contracts.collections import SettlementCompleted
from shared.contracts.money import Money
from shared.infra import keys
from shared.infra.clock import SimulatedClock
from shared.infra.eventstore import EventStore, StreamRef
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import (
    account_open,
    eventually,
    issue_body,
    published,
    register,
    registered,
    running,
)

ADMIN, AUDITOR, INTEGRATION = Role.ADMIN, Role.AUDITOR, Role.INTEGRATION


async def facts(redis: aioredis.Redis, settings: Settings, customer: str, kind: str) -> list[Any]:
    store = EventStore(redis, "invoicing", settings.partitions)
    events = (await store.load(StreamRef("account", customer, customer))).events
    return [e.fact for e in events if isinstance(e, AccountFactRecorded) and e.fact.type == kind]


async def test_an_invoice_for_an_unknown_customer_is_held_and_booked_once_it_is_registered(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        held = await svc.client.post(
            "/invoices", json=issue_body(customer="C-NEW"), headers=svc.as_(INTEGRATION)
        )
        pending = await svc.client.get(
            "/invoices", params={"status": "pending_customer"}, headers=svc.as_(AUDITOR)
        )
        nothing_yet = await published(redis, "InvoiceIssued")
        await register(redis, "C-NEW")
        [issued] = await eventually(lambda: published(redis, "InvoiceIssued"))
        after = await svc.client.get("/invoices/INV-1", headers=svc.as_(AUDITOR))

    assert held.status_code == 201 and held.json()["status"] == "pending_customer"
    assert [i["external_number"] for i in pending.json()["invoices"]] == ["INV-1"]
    assert nothing_yet == []  # nothing published, so nothing dunned while unknown
    assert issued.customer_id == "C-NEW"  # type: ignore[attr-defined]
    assert after.json()["status"] == "open"


CONTRACT = {"annual_percent": "10", "clause": "§7 late payment"}


async def test_interest_runs_twice_and_concurrently_book_one_charge_for_the_period(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        settings_body = {"settings": {"jurisdiction": "cn", "contract": CONTRACT},
                         "on": "2026-08-01"}  # fmt: skip
        changed = await svc.client.put(
            "/customers/C-1/account/settings", json=settings_body, headers=svc.as_(ADMIN)
        )
        body = {**issue_body(amount="10000.00"), "issue_date": "2026-08-01",
                "due_date": "2026-09-01"}  # fmt: skip
        await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))

        async def run() -> Any:
            answer = await svc.client.post(
                "/admin/ledger/interest-run",
                params={"through": "2026-10-31", "customer_id": "C-1"},
                headers=svc.as_(ADMIN),
            )
            return answer.json()

        together = await asyncio.gather(run(), run(), run())
        again = await run()
        account = await svc.client.get("/customers/C-1/account", headers=svc.as_(AUDITOR))

    assert changed.status_code == 201, changed.text
    assert sorted(r["charges_booked"] for r in together) == [0, 0, 1]
    assert again["charges_booked"] == 0
    [charge] = await facts(redis, settings, "C-1", "InterestCharged")
    # 10,000.00 x 10 % x 59 days (2 Sep .. 30 Oct) / 365 = 161.643… → 161.64
    assert (charge.period_from, charge.period_to) == (dt.date(2026, 9, 2), dt.date(2026, 10, 31))
    assert charge.amount == Money(amount=Decimal("161.64"), currency="CNY")
    items = {i["item_id"]: i["open"]["amount"] for i in account.json()["open_items"]}
    assert items[charge.charge_id] == "161.64"


async def test_the_monthly_interest_run_fires_on_the_durable_clock_and_sets_the_next(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(dt.datetime(2026, 9, 15, 4, 0, tzinfo=dt.UTC))
    simulated = settings.model_copy(update={"clock": "simulated"})
    async with running(simulated, redis) as svc:
        await registered(svc, redis, "C-1")
        settings_body = {"settings": {"jurisdiction": "cn", "contract": CONTRACT},
                         "on": "2026-08-01"}  # fmt: skip
        await svc.client.put(
            "/customers/C-1/account/settings", json=settings_body, headers=svc.as_(ADMIN)
        )
        body = {**issue_body(amount="10000.00"), "issue_date": "2026-08-01",
                "due_date": "2026-09-01"}  # fmt: skip
        await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))
        await clock.set(dt.datetime(2026, 10, 1, 0, 0, tzinfo=dt.UTC))  # 08:00 in Shanghai
        [charge] = await eventually(lambda: facts(redis, settings, "C-1", "InterestCharged"))
        partition = keys.partition_of("C-1", settings.partitions)
        next_run = await redis.zscore(keys.timers(partition, "invoicing"), "interest:C-1")

    # 2 Sep .. 30 Sep: 29 days at 10 % on 10,000.00 = 79.45
    assert charge.period_to == dt.date(2026, 10, 1)
    assert charge.amount == Money(amount=Decimal("79.45"), currency="CNY")
    assert next_run is not None
    assert int(next_run) == int(dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC).timestamp() * 1000)


async def test_a_settlement_collections_completed_is_booked_once_as_a_discount_credit_note(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        await svc.client.post("/invoices", json=issue_body(amount="1000.00"),
                              headers=svc.as_(INTEGRATION))  # fmt: skip
        await svc.client.post(
            "/invoices/INV-1/payments",
            json={"payment_id": "B-1", "amount": {"amount": "900.00", "currency": "CNY"},
                  "value_date": "2026-11-20"},
            headers=svc.as_(INTEGRATION),
        )  # fmt: skip
        completed = settlement_completed("C-1", "OFFER-1", "100.00", ("INV-1",))
        stream = keys.outbox(keys.partition_of("C-1", settings.partitions), "collections")
        for _ in range(2):  # delivered twice: booked once
            await redis.xadd(stream, {"__data__": encode_event(completed)})
        [credited] = await eventually(lambda: published(redis, "InvoiceCredited"))
        await eventually(lambda: published(redis, "InvoiceSettled"))
        view = await svc.client.get("/invoices/INV-1", headers=svc.as_(AUDITOR))

    assert credited.credit_note_id == "settlement:OFFER-1"  # type: ignore[attr-defined]
    assert str(credited.outstanding) == "0.00 CNY"  # type: ignore[attr-defined]
    assert len(await facts(redis, settings, "C-1", "CreditNoteIssued")) == 1
    assert view.json()["status"] == "settled" and view.json()["credited"]["amount"] == "100.00"


def settlement_completed(
    customer: str, offer: str, discount: str, invoices: tuple[str, ...]
) -> SettlementCompleted:
    return SettlementCompleted(
        event_id=uuid.uuid4(), occurred_at=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        aggregate_id=customer, aggregate_version=9, correlation_id=uuid.uuid4(),
        producer="collections", offer_id=offer, customer_id=customer,
        paid=Money(amount=Decimal("900.00"), currency="CNY"),
        discount=Money(amount=Decimal(discount), currency="CNY"), invoice_ids=invoices,
        policy_version="1", rule="settlement",
    )  # fmt: skip


async def test_a_month_passes_and_the_statement_is_issued_once_with_a_bilingual_pdf(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(dt.datetime(2026, 10, 15, 4, 0, tzinfo=dt.UTC))
    simulated = settings.model_copy(update={"clock": "simulated"})
    async with running(simulated, redis) as svc:
        await registered(svc, redis, "C-1")
        body = {**issue_body(number="INV-OCT", amount="1200.00"), "issue_date": "2026-10-01",
                "due_date": "2026-10-31"}  # fmt: skip
        await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))
        await svc.client.post(
            "/invoices/INV-OCT/payments",
            json={"payment_id": "B-OCT", "amount": {"amount": "200.00", "currency": "CNY"},
                  "value_date": "2026-10-10"},
            headers=svc.as_(INTEGRATION),
        )  # fmt: skip
        await clock.set(dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC))  # 1 Nov 06:00 Shanghai
        [issued] = await eventually(lambda: published(redis, "StatementIssued"))
        rerun = await svc.client.post(
            "/admin/ledger/statement-run", params={"customer_id": "C-1"}, headers=svc.as_(ADMIN)
        )
        pdf = await svc.client.get(
            "/customers/C-1/statement.pdf",
            params={"period_from": "2026-10-01", "period_to": "2026-11-01"},
            headers=svc.as_(AUDITOR),
        )
        partition = keys.partition_of("C-1", settings.partitions)
        next_run = await redis.zscore(keys.timers(partition, "invoicing"), "statement:C-1")

    assert (issued.period_from, issued.period_to) == (dt.date(2026, 10, 1), dt.date(2026, 11, 1))  # type: ignore[attr-defined]
    assert [str(m) for m in issued.closing_balances] == ["1000.00 CNY"]  # type: ignore[attr-defined]
    assert rerun.json() == {"customers": 1, "statements_issued": 0}  # once per period
    assert len(await published(redis, "StatementIssued")) == 1
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for words in ("对账单", "期末余额", "Closing balance", "INV-OCT", "1,000.00", "B-OCT"):
        assert words in text, words
    assert int(next_run or 0) == int(
        dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC).timestamp() * 1000
    )


PUBLIC = "https://accounts.example.test/invoicing"


def on_this_service(url: str) -> str:
    """The absolute link the customer got, as a path on the app under test."""
    assert url.startswith(PUBLIC + "/"), url
    return url.removeprefix(PUBLIC)


async def issued_with_two_invoices(svc: Any, redis: aioredis.Redis) -> Any:
    await registered(svc, redis, "C-1")
    for number in ("INV-A", "INV-B"):
        body = {**issue_body(number=number, amount="500.00"), "issue_date": "2026-10-05",
                "due_date": "2026-11-04"}  # fmt: skip
        await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))
    await svc.client.post(
        "/admin/ledger/statement-run",
        params={"period_from": "2026-10-01", "period_to": "2026-11-01"},
        headers=svc.as_(ADMIN),
    )
    [issued] = await published(redis, "StatementIssued")
    return issued


async def test_the_customer_confirms_on_the_page_behind_its_link_and_a_fetch_records_nothing(
    redis: aioredis.Redis, settings: Settings
) -> None:
    public = settings.model_copy(update={"invoicing_public_url": PUBLIC})
    async with running(public, redis) as svc:
        issued = await issued_with_two_invoices(svc, redis)
        confirm = on_this_service(issued.confirm_url)
        page = await svc.client.get(confirm)  # no API key: the link is the proof
        fetched_twice = await svc.client.get(confirm)
        nothing_yet = await published(redis, "StatementConfirmed")
        token = confirm.split("token=")[1][:64]
        forged = await svc.client.get(confirm.replace(token, token[::-1]))
        tampered = await svc.client.post(confirm.replace("expires=", "expires=2099-01-01&x="))
        confirmed = await svc.client.post(confirm)
        again = await svc.client.post(confirm)
        after = await svc.client.get(confirm)
        links = await svc.client.get(
            f"/customers/C-1/statements/{issued.statement_id}/links", headers=svc.as_(AUDITOR)
        )

    assert issued.dispute_url.startswith(f"{PUBLIC}/customers/C-1/statements/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "CNY 1,000.00" in page.text and "INV-A" in page.text and 'method="post"' in page.text
    assert fetched_twice.status_code == 200 and nothing_yet == []  # a mail scanner confirms nothing
    assert forged.status_code == 403 and "expired" in forged.text
    assert tampered.status_code == 403  # the expiry day is signed too
    assert (confirmed.status_code, again.status_code) == (201, 200)
    [event] = await published(redis, "StatementConfirmed")
    assert (event.channel, event.confirmed_by) == ("link", "customer")  # type: ignore[attr-defined]
    assert event.invoice_ids == ("INV-A", "INV-B")  # type: ignore[attr-defined]
    assert 'method="post"' not in after.text and "has been confirmed" in after.text
    assert links.json() == {"confirm": issued.confirm_url, "dispute": issued.dispute_url}


async def test_the_customer_disputes_a_line_on_the_page_and_programs_answer_by_json(
    redis: aioredis.Redis, settings: Settings
) -> None:
    public = settings.model_copy(update={"invoicing_public_url": PUBLIC})
    async with running(public, redis) as svc:
        issued = await issued_with_two_invoices(svc, redis)
        dispute = on_this_service(issued.dispute_url)
        page = await svc.client.get(dispute)
        form = {"content-type": "application/x-www-form-urlencoded"}
        none_chosen = await svc.client.post(dispute, content="reason=quality", headers=form)
        not_on_it = await svc.client.post(
            dispute, content="invoice_ids=INV-Z&reason=quality", headers=form
        )
        disputed = await svc.client.post(
            dispute, content="invoice_ids=INV-B&reason=quality", headers=form
        )
        query = dispute.partition("?")[2]
        base = f"/customers/C-1/statements/{issued.statement_id}"
        by_json = await svc.client.post(f"{base}/confirmation?{query}")
        unsigned = await svc.client.post(f"{base}/confirmation?{query.replace('20', '21', 1)}")

    assert page.status_code == 200
    assert page.text.count('type="checkbox"') == 2 and 'value="INV-B"' in page.text
    assert none_chosen.status_code == 422 and "disputed_lines_on_statement" in none_chosen.text
    assert not_on_it.status_code == 422
    assert disputed.status_code == 201 and "INV-B" in disputed.text
    [line] = await published(redis, "StatementLineDisputed")
    assert (line.invoice_id, line.reason, line.raised_by) == ("INV-B", "quality", "customer")  # type: ignore[attr-defined]
    assert by_json.status_code == 201 and by_json.json() == {"recorded": True}
    assert unsigned.status_code == 403


async def test_a_statement_link_stops_working_after_it_expires(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC))
    simulated = settings.model_copy(update={"clock": "simulated", "invoicing_public_url": PUBLIC})
    async with running(simulated, redis) as svc:
        issued = await issued_with_two_invoices(svc, redis)
        confirm = on_this_service(issued.confirm_url)
        await clock.set(dt.datetime(2027, 1, 30, 2, 0, tzinfo=dt.UTC))  # day 89 after issue
        still = await svc.client.get(confirm)
        await clock.set(dt.datetime(2027, 2, 1, 2, 0, tzinfo=dt.UTC))  # day 91
        expired = await svc.client.post(confirm)

    assert "expires=2027-01-31" in confirm  # 90 days after 2 November 2026
    assert still.status_code == 200
    assert expired.status_code == 403 and "expired" in expired.text
    assert await published(redis, "StatementConfirmed") == []


def test_staging_refuses_to_start_without_invoicing_public_url(settings: Settings) -> None:
    staging = settings.model_copy(update={"environment": "staging"})
    with pytest.raises(ValueError, match="HUIKUAN_INVOICING_PUBLIC_URL"):
        build(staging)


async def test_a_customer_with_its_own_statement_day_gets_its_statement_that_day(
    redis: aioredis.Redis, settings: Settings
) -> None:
    clock = SimulatedClock(redis)
    await clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=dt.UTC))
    simulated = settings.model_copy(update={"clock": "simulated"})
    async with running(simulated, redis) as svc:
        await registered(svc, redis, "C-1")
        day = await svc.client.put(
            "/customers/C-1/account/statement-day", json={"day": 25}, headers=svc.as_(ADMIN)
        )
        body = {**issue_body(number="INV-D", amount="300.00"), "issue_date": "2026-10-01",
                "due_date": "2026-10-31"}  # fmt: skip
        await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))
        await clock.set(dt.datetime(2026, 10, 24, 22, 0, tzinfo=dt.UTC))  # 25 Oct 06:00 Shanghai
        [issued] = await eventually(lambda: published(redis, "StatementIssued"))
        partition = keys.partition_of("C-1", settings.partitions)
        next_run = await redis.zscore(keys.timers(partition, "invoicing"), "statement:C-1")

    assert day.status_code == 201 and day.json()["statement_day"] == 25
    # 25 September .. 24 October, drawn up on the 25th; the next run on 25 November
    assert (issued.period_from, issued.period_to) == (dt.date(2026, 9, 25), dt.date(2026, 10, 25))  # type: ignore[attr-defined]
    november = dt.datetime(2026, 11, 24, 22, 0, tzinfo=dt.UTC)
    assert int(next_run or 0) == int(november.timestamp() * 1000)


async def test_the_monthly_run_past_the_rate_table_books_to_its_last_day_and_shows_the_rest(
    redis: aioredis.Redis, settings: Settings
) -> None:
    """The eu table ends on 2026-06-30; on 1 December 2026 the run books June's interest
    and the EUR 40, and the account says from when and why the rest is withheld."""
    clock = SimulatedClock(redis)
    await clock.set(dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC))
    simulated = settings.model_copy(update={"clock": "simulated"})
    async with running(simulated, redis) as svc:
        await register(redis, "C-EU", jurisdiction="eu")
        await eventually(lambda: account_open(svc, "C-EU"), timeout=60)
        body = {**issue_body(number="INV-EU", customer="C-EU", amount="10000.00"),
                "amount": {"amount": "10000.00", "currency": "EUR"},
                "issue_date": "2026-05-01", "due_date": "2026-05-31"}  # fmt: skip
        await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))
        await clock.set(dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC))  # 1 Dec 01:00 Shanghai
        charges = await eventually(
            lambda: facts(redis, simulated, "C-EU", "InterestCharged"), timeout=60
        )
        account = await svc.client.get("/customers/C-EU/account", headers=svc.as_(AUDITOR))
        explicit = await svc.client.post(
            "/admin/ledger/interest-run", params={"customer_id": "C-EU"}, headers=svc.as_(ADMIN)
        )

    [charge] = charges
    # 1 .. 30 June 2026 at 2.15 + 8 = 10.15 %: 10,000.00 x 10.15 % x 30 / 365 = 83.42
    assert (charge.period_to, charge.amount.amount) == (dt.date(2026, 7, 1), Decimal("83.42"))
    assert account.json()["interest_withheld"] == [
        {"invoice_id": "INV-EU", "since": "2026-07-01",
         "reason": "no published reference rate after 2026-06-30"},
    ]  # fmt: skip
    assert explicit.status_code in (409, 422) and "add it to the pack" in explicit.text
