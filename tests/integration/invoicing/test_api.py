from __future__ import annotations

import asyncio

import redis.asyncio as aioredis

from services.invoicing.adapters.index import owners_key
from shared.infra import keys
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import (
    eventually,
    issue_body,
    payment_body,
    published,
    registered,
    running,
)

INTEGRATION, COLLECTOR, AUDITOR = Role.INTEGRATION, Role.COLLECTOR, Role.AUDITOR


async def test_an_invoice_issued_over_the_api_is_published_and_can_be_looked_up(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        created = await svc.client.post(
            "/invoices", json=issue_body(), headers=svc.as_(INTEGRATION)
        )
        looked_up = await svc.client.get("/invoices/INV-1", headers=svc.as_(COLLECTOR))

    assert created.status_code == 201, created.text
    assert looked_up.status_code == 200
    view = looked_up.json()
    # The account's stream: AccountOpened, InvoiceBooked, then the published InvoiceIssued.
    assert view["status"] == "open" and view["customer_id"] == "C-1" and view["version"] == 3
    assert view["outstanding"] == {"amount": "100.00", "currency": "CNY"}
    [issued] = await published(redis, "InvoiceIssued")
    assert (issued.aggregate_id, issued.source) == ("C-1", "api")  # type: ignore[attr-defined]
    assert issued.invoice_id == "INV-1"  # type: ignore[attr-defined]
    partition = keys.partition_of("C-1", settings.partitions)
    assert await redis.xlen(keys.outbox(partition, "invoicing")) == 1
    number_partition = keys.partition_of("INV-1", settings.partitions)
    assert await redis.hget(owners_key(number_partition), "INV-1") == b"C-1"
    assert await redis.zscore(keys.timers(partition, "invoicing"), "due:INV-1") is not None


async def test_issuing_is_idempotent_by_number_and_refuses_other_data(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1", "C-2")
        post = svc.client.post
        first = await post("/invoices", json=issue_body(), headers=svc.as_(INTEGRATION))
        again = await post("/invoices", json=issue_body(), headers=svc.as_(INTEGRATION))
        other_amount = await post(
            "/invoices", json=issue_body(amount="99.00"), headers=svc.as_(INTEGRATION)
        )
        other_customer = await post(
            "/invoices", json=issue_body(customer="C-2"), headers=svc.as_(INTEGRATION)
        )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert (other_amount.status_code, other_amount.json()["rule"]) == (409, "DocumentIdConflict")
    assert other_amount.json()["error"] == "document_id_conflict"
    assert (other_customer.status_code, other_customer.json()["rule"]) == (
        409,
        "InvoiceNumberConflict",
    )
    assert len(await published(redis, "InvoiceIssued")) == 1


async def test_payments_reduce_the_outstanding_amount_until_the_invoice_is_settled(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        await svc.client.post("/invoices", json=issue_body(), headers=svc.as_(INTEGRATION))

        async def pay(payment_id: str, amount: str, role: Role = INTEGRATION, **kw: str) -> object:
            return await svc.client.post(
                "/invoices/INV-1/payments",
                json=payment_body(payment_id, amount, **kw),
                headers=svc.as_(role),
            )

        partial = await pay("BANK-1", "40.00")
        resent = await pay("BANK-1", "40.00", Role.ADMIN)
        reused = await pay("BANK-1", "41.00")
        usd = await pay("BANK-3", "10.00", currency="USD")
        negative = await pay("BANK-4", "-10.00")
        over = await pay("BANK-5", "60.01")
        after = await svc.client.get("/invoices/INV-1", headers=svc.as_(AUDITOR))
        account = await svc.client.get("/customers/C-1/account", headers=svc.as_(AUDITOR))

    assert partial.status_code == 201  # type: ignore[attr-defined]
    assert partial.json()["outstanding"]["amount"] == "60.00"  # type: ignore[attr-defined]
    assert resent.status_code == 200  # type: ignore[attr-defined]
    expected = {
        reused: (409, "DocumentIdConflict"),
        usd: (422, "CurrencyMismatch"),
        negative: (422, "AmountNotPositive"),
    }
    for answer, (code, rule) in expected.items():
        assert (answer.status_code, answer.json()["rule"]) == (code, rule)  # type: ignore[attr-defined]
    assert over.status_code == 201  # type: ignore[attr-defined]
    view = after.json()
    assert view["status"] == "settled" and view["settled_on"] == "2026-11-20"
    assert view["paid"]["amount"] == "100.00" and view["outstanding"]["amount"] == "0.00"
    assert [p["payment_id"] for p in view["payments"]] == ["BANK-1", "BANK-5"]
    # The cent paid over is kept for the customer as unapplied credit, not refused.
    [held] = account.json()["unapplied"]
    assert (held["source_id"], held["unapplied"]["amount"]) == ("BANK-5", "0.01")
    assert account.json()["balances"][0]["balance"] == {"amount": "-0.01", "currency": "CNY"}
    assert len(await published(redis, "PaymentReceived")) == 2
    assert len(await published(redis, "InvoiceSettled")) == 1
    partition = keys.partition_of("C-1", settings.partitions)
    assert await redis.zscore(keys.timers(partition, "invoicing"), "due:INV-1") is None


async def test_unknown_invoices_are_not_found(redis: aioredis.Redis, settings: Settings) -> None:
    async with running(settings, redis) as svc:
        got = await svc.client.get("/invoices/NOPE", headers=svc.as_(AUDITOR))
        paid = await svc.client.post(
            "/invoices/NOPE/payments",
            json=payment_body("B-1", "1.00"),
            headers=svc.as_(INTEGRATION),
        )

    assert (got.status_code, got.json()["rule"]) == (404, "InvoiceNotFound")
    assert (paid.status_code, paid.json()["rule"]) == (404, "InvoiceNotFound")


async def test_each_route_admits_only_its_roles(redis: aioredis.Redis, settings: Settings) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        by_auditor = await svc.client.post("/invoices", json=issue_body(), headers=svc.as_(AUDITOR))
        by_collector = await svc.client.post(
            "/invoices", json=issue_body(), headers=svc.as_(COLLECTOR)
        )
        by_admin = await svc.client.post(
            "/invoices", json=issue_body(), headers=svc.as_(Role.ADMIN)
        )
        read_by_integration = await svc.client.get("/invoices/INV-1", headers=svc.as_(INTEGRATION))
        pay_by_auditor = await svc.client.post(
            "/invoices/INV-1/payments", json=payment_body("B-1", "1.00"), headers=svc.as_(AUDITOR)
        )
        anonymous = await svc.client.get("/invoices/INV-1")

    assert (by_auditor.status_code, by_collector.status_code, by_admin.status_code) == (
        403,
        403,
        201,
    )
    assert (read_by_integration.status_code, pay_by_auditor.status_code) == (403, 403)
    assert anonymous.status_code == 401


async def test_a_lost_index_is_rebuilt_from_the_accounts_held_invoices_included(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, *(f"C-{n}" for n in range(4)))
        for n in range(5):  # C-4 is not registered: its invoice is held, and indexed too
            body = issue_body(number=f"INV-{n}", customer=f"C-{n}")
            await svc.client.post("/invoices", json=body, headers=svc.as_(INTEGRATION))
        await redis.delete(*(owners_key(p) for p in range(settings.partitions)))
        lost = await svc.client.post(
            "/invoices/INV-3/payments",
            json=payment_body("B-1", "1.00"),
            headers=svc.as_(INTEGRATION),
        )
        rebuilt = await svc.client.post("/admin/invoice-index/rebuild", headers=svc.as_(Role.ADMIN))
        paid = await svc.client.post(
            "/invoices/INV-3/payments",
            json=payment_body("B-1", "1.00"),
            headers=svc.as_(INTEGRATION),
        )

    assert (lost.status_code, lost.json()["rule"]) == (404, "InvoiceNotFound")
    assert paid.status_code == 201
    assert rebuilt.json() == {"invoices": 5}
    owners: dict[bytes, bytes] = {}
    for p in range(settings.partitions):
        owners |= await redis.hgetall(owners_key(p))
    assert owners == {f"INV-{n}".encode(): f"C-{n}".encode() for n in range(5)}


async def test_concurrent_payments_on_one_invoice_never_pay_it_twice_and_the_rest_is_held(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        await svc.client.post("/invoices", json=issue_body(), headers=svc.as_(INTEGRATION))
        answers = await asyncio.gather(
            *(
                svc.client.post(
                    "/invoices/INV-1/payments",
                    json=payment_body(f"B-{n}", "10.00"),
                    headers=svc.as_(INTEGRATION),
                )
                for n in range(11)
            )
        )
        history = await svc.client.get(
            "/admin/aggregates/account/C-1/history",
            params={"partition_key": "C-1"},
            headers=svc.as_(AUDITOR),
        )
        account = await svc.client.get("/customers/C-1/account", headers=svc.as_(AUDITOR))

    # All eleven are booked (one append each, version-checked); the eleventh finds nothing
    # open and is held as unapplied credit: the invoice is never paid twice.
    assert sorted(a.status_code for a in answers) == [201] * 11
    assert history.json()["verified"] is True
    events = history.json()["events"]
    assert [e["version"] for e in events] == list(range(1, len(events) + 1))
    outstanding = [
        e["event"]["outstanding"]["amount"]
        for e in events
        if e["event"]["type"] == "PaymentReceived"
    ]
    assert sorted(outstanding, key=float, reverse=True) == [f"{90 - 10 * n}.00" for n in range(10)]
    assert events[-1]["event"]["type"] in ("InvoiceSettled", "AccountFactRecorded")
    assert account.json()["balances"][0]["unapplied_credit"]["amount"] == "10.00"
    assert account.json()["balances"][0]["invoices_open"]["amount"] == "0.00"
    assert await eventually(lambda: published(redis, "InvoiceSettled"))


async def test_every_amount_in_the_answers_is_at_the_currencys_minor_unit(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1")
        await svc.client.post(
            "/invoices", json=issue_body(amount="100"), headers=svc.as_(INTEGRATION)
        )
        await svc.client.post("/invoices/INV-1/payments", json=payment_body("B-1", "100"),
                              headers=svc.as_(INTEGRATION))  # fmt: skip
        invoice = await svc.client.get("/invoices/INV-1", headers=svc.as_(AUDITOR))
        account = await svc.client.get("/customers/C-1/account", headers=svc.as_(AUDITOR))
        statement = await svc.client.get(
            "/customers/C-1/statement", params={"period_from": "2026-11-01",
                                                "period_to": "2026-12-01"},
            headers=svc.as_(AUDITOR),
        )  # fmt: skip

    view = invoice.json()
    assert (view["amount"]["amount"], view["outstanding"]["amount"]) == ("100.00", "0.00")
    assert account.json()["balances"][0]["balance"]["amount"] == "0.00"
    [cny] = statement.json()["currencies"]
    assert (cny["opening_balance"], cny["closing_balance"]) == ("0.00", "0.00")
    assert {v for v in cny["aging"].values()} == {"0.00"}
    assert [line["balance"] for line in cny["lines"]] == ["100.00", "0.00"]
