from __future__ import annotations

import json

import redis.asyncio as aioredis

from shared.contracts.invoicing import InvoiceIssued, PaymentReceived
from shared.infra import keys
from shared.infra.settings import Settings
from shared.web.auth import Role
from tests.integration.invoicing.harness import (
    INGEST,
    ISSUE,
    PAY,
    REJECTED,
    drained,
    eventually,
    published,
    registered,
    running,
    xadd_json,
)

DLQ = keys.dead_letter("invoicing")


async def test_the_documented_commands_written_with_plain_xadd_issue_and_settle_an_invoice(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1001")
        await xadd_json(redis, ISSUE)
        [issued] = await eventually(lambda: published(redis, "InvoiceIssued"))
        await xadd_json(redis, PAY)
        await eventually(lambda: published(redis, "InvoiceSettled"))

    assert isinstance(issued, InvoiceIssued)
    assert (issued.external_number, issued.customer_id, issued.source) == (
        "INV-2026-0001",
        "C-1001",
        "ingest",
    )
    assert str(issued.amount) == "12000.00 CNY"
    partition = keys.partition_of("C-1001", settings.partitions)
    out = await redis.xrange(keys.outbox(partition, "invoicing"))
    assert [json.loads(f[b"__data__"])["type"] for _, f in out] == [
        "InvoiceIssued",
        "PaymentReceived",
        "InvoiceSettled",
    ]
    [received] = await published(redis, "PaymentReceived")
    assert isinstance(received, PaymentReceived)
    assert (received.payment_id, received.outstanding.amount, received.source) == (
        "BANK-778",
        0,
        "ingest",
    )


BAD_INPUTS: list[tuple[bytes, str]] = [
    (b"{this is not json", "json"),
    (json.dumps({**ISSUE, "type": "VoidInvoice"}).encode(), "VoidInvoice"),
    (
        json.dumps({**PAY, "amount": {"amount": "-5.00", "currency": "CNY"}}).encode(),
        "greater than zero",
    ),
    (
        json.dumps({**PAY, "amount": {"amount": "5.00", "currency": "ABC"}}).encode(),
        "unknown currency",
    ),
    (json.dumps({k: v for k, v in ISSUE.items() if k != "customer_id"}).encode(), "customer_id"),
    (json.dumps({**ISSUE, "data": "x"}).encode(), "data"),
]


async def test_every_malformed_command_is_dead_lettered_with_its_reason_and_the_next_is_processed(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1001")
        for payload, _ in BAD_INPUTS:
            await xadd_json(redis, payload)
        await redis.xadd(INGEST, {"type": "IssueInvoice", "external_number": "NO-DATA-FIELD"})
        await xadd_json(redis, ISSUE)
        await eventually(lambda: published(redis, "InvoiceIssued"))
        listed = await svc.client.get("/admin/dead-letters", headers=svc.as_(Role.AUDITOR))

    *letters, no_data_field = await redis.xrange(DLQ)
    assert [f[b"payload"] for _, f in letters] == [payload for payload, _ in BAD_INPUTS]
    assert no_data_field[1][b"error"].startswith(b"unparseable: ")
    for (_, fields), (_, reason) in zip(letters, BAD_INPUTS, strict=True):
        assert fields[b"stream"] == INGEST.encode()
        assert fields[b"error"].startswith(b"unparseable: ")
        assert reason.lower().encode() in fields[b"error"].lower()
    assert len(listed.json()) == len(BAD_INPUTS) + 1
    assert await redis.xlen(REJECTED) == 0


async def test_refused_commands_are_recorded_as_rejections_and_the_next_is_processed(
    redis: aioredis.Redis, settings: Settings
) -> None:
    refused = [
        ({**PAY, "payment_id": "EARLY-1"}, "unknown_invoice", "InvoiceNotFound"),
        (ISSUE, None, None),
        ({**ISSUE, "due_date": "2026-12-31"}, "document_id_conflict", "DocumentIdConflict"),
        (
            {**ISSUE, "external_number": "INV-2", "due_date": "2026-10-01"},
            "due_date_before_issue_date",
            "DueDateBeforeIssueDate",
        ),
        (
            {**PAY, "payment_id": "AHEAD-1", "value_date": "2026-12-31"},
            "value_date_in_future",
            "ValueDateInFuture",
        ),
        (
            {**PAY, "amount": {"amount": "10.00", "currency": "USD"}},
            "currency_mismatch",
            "CurrencyMismatch",
        ),
        ({**PAY, "amount": {"amount": "100.00", "currency": "CNY"}}, None, None),
        (
            {**PAY, "amount": {"amount": "200.00", "currency": "CNY"}},
            "document_id_conflict",
            "DocumentIdConflict",
        ),
    ]
    entry_ids: dict[str, str] = {}
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1001")
        for command, _, _ in refused:
            entry_id = await xadd_json(redis, command)
            entry_ids.setdefault(str(command.get("payment_id", "")), entry_id.decode())
        await eventually(lambda: drained(redis, INGEST))
        listed = await svc.client.get("/admin/ingest/rejections", headers=svc.as_(Role.AUDITOR))

    # Commands about different invoices may be handled concurrently: compare as sets.
    expected = sorted((error, rule or "") for _, error, rule in refused if error is not None)
    rejections = sorted(listed.json(), key=lambda r: r["error"])
    assert [r["error"] for r in rejections] == [error for error, _ in expected]
    for rejection, (_, rule) in zip(rejections, expected, strict=True):
        assert not rule or rejection["rule"] == rule
        assert rejection["detail"]
        assert json.loads(rejection["payload"])["type"] in ("IssueInvoice", "RecordPayment")
    [early] = [r for r in rejections if r["key"] == "payment:EARLY-1"]
    assert early["error"] == "unknown_invoice"
    # Each rejection names the ingest entry it came from, with ISO times.
    assert early["ingest_entry_id"] == entry_ids["EARLY-1"]
    assert early["rejected_at_iso"].startswith("20") and "T" in early["rejected_at_iso"]
    assert early["recorded_at_iso"].endswith("+00:00")
    [ahead] = [r for r in rejections if r["key"] == "payment:AHEAD-1"]
    assert "2026-12-31" in ahead["detail"] and "after" in ahead["detail"]
    assert len(await published(redis, "InvoiceIssued")) == 1
    [received] = await published(redis, "PaymentReceived")
    assert str(received.outstanding) == "11900.00 CNY"  # type: ignore[attr-defined]
    assert await redis.xlen(DLQ) == 0


async def test_a_rejected_payment_can_be_replayed_once_its_invoice_exists(
    redis: aioredis.Redis, settings: Settings
) -> None:
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1001")
        await xadd_json(redis, PAY)
        await eventually(lambda: redis.xlen(REJECTED))
        await xadd_json(redis, ISSUE)
        await eventually(lambda: published(redis, "InvoiceIssued"))
        [rejection] = (
            await svc.client.get("/admin/ingest/rejections", headers=svc.as_(Role.AUDITOR))
        ).json()
        replay = await svc.client.post(
            f"/admin/ingest/rejections/{rejection['id']}/replay", headers=svc.as_(Role.ADMIN)
        )
        settled = await eventually(lambda: published(redis, "InvoiceSettled"))

    assert replay.status_code == 200
    assert len(settled) == 1
    assert await redis.xlen(REJECTED) == 0


async def test_re_sent_and_re_delivered_commands_append_nothing_twice(
    redis: aioredis.Redis, settings: Settings
) -> None:
    partial = {**PAY, "amount": {"amount": "2000.00", "currency": "CNY"}}
    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1001")
        for command in (ISSUE, partial, ISSUE, partial):
            await xadd_json(redis, command)
        await eventually(lambda: drained(redis, INGEST))
        # redeliver every entry of the stream to the group, as after a lost ack
        await redis.xgroup_setid(INGEST, "invoicing", id="0")
        await eventually(lambda: drained(redis, INGEST))

    assert len(await published(redis, "InvoiceIssued")) == 1
    assert len(await published(redis, "PaymentReceived")) == 1
    assert await redis.xlen(REJECTED) == 0
    assert await redis.xlen(DLQ) == 0


async def test_two_replicas_on_the_ingest_stream_book_each_payment_once_and_never_overpay(
    redis: aioredis.Redis, settings: Settings
) -> None:
    invoice = {**ISSUE, "amount": {"amount": "100.00", "currency": "CNY"}}
    async with running(settings, redis) as svc, running(settings, redis):
        await registered(svc, redis, "C-1001")
        await xadd_json(redis, invoice)
        await eventually(lambda: published(redis, "InvoiceIssued"))
        for n in range(11):
            payment = {
                **PAY,
                "payment_id": f"B-{n}",
                "amount": {"amount": "10.00", "currency": "CNY"},
            }
            await xadd_json(redis, payment)
        await eventually(lambda: drained(redis, INGEST))
        account = await svc.client.get("/customers/C-1001/account", headers=svc.as_(Role.AUDITOR))

    received = await published(redis, "PaymentReceived")
    assert len(received) == 10
    assert sorted(str(e.outstanding.amount) for e in received) == sorted(  # type: ignore[attr-defined]
        f"{n}0.00" if n else "0.00" for n in range(10)
    )
    assert len(await published(redis, "InvoiceSettled")) == 1
    assert await redis.xlen(REJECTED) == 0  # the eleventh is held as unapplied credit
    assert account.json()["balances"][0]["unapplied_credit"]["amount"] == "10.00"
    # One replica at a time reads the ingest stream (its lease): the payments of one invoice
    # are never booked by two processes at once, out of the ERP's order.
    consumers = await redis.xinfo_consumers(INGEST, "invoicing")
    assert len(consumers) == 1


async def test_a_read_batch_of_issues_books_each_invoice_once_and_records_each_refusal(
    redis: aioredis.Redis, settings: Settings
) -> None:
    def issue(number: str, customer: str, **changes: str) -> dict[str, object]:
        return {**ISSUE, "external_number": number, "customer_id": customer, **changes}

    async with running(settings, redis) as svc:
        await registered(svc, redis, "C-1", "C-2", "C-3")
    # Written while no consumer runs, so one read takes them all (waves of distinct numbers).
    backlog = [
        issue("INV-A", "C-1"),
        issue("INV-B", "C-1"),  # a second invoice of one account in the same wave
        issue("INV-C", "C-2"),
        issue("INV-A", "C-3"),  # the number is C-1's
        issue("INV-D", "C-2", due_date="2026-10-01"),  # due before issued: refused, released
        issue("INV-C", "C-2"),  # re-sent
        issue("INV-D", "C-3"),  # the released number, rightly issued
    ]
    entry_ids = [await xadd_json(redis, command) for command in backlog]
    async with running(settings, redis):
        await eventually(lambda: drained(redis, INGEST))

    issued = await published(redis, "InvoiceIssued")
    owners = sorted((e.external_number, e.customer_id) for e in issued)  # type: ignore[attr-defined]
    assert owners == [("INV-A", "C-1"), ("INV-B", "C-1"), ("INV-C", "C-2"), ("INV-D", "C-3")]
    rejected = {f[b"ingest_entry_id"]: f[b"rule"] for _, f in await redis.xrange(REJECTED)}
    assert rejected == {
        entry_ids[3]: b"InvoiceNumberConflict",
        entry_ids[4]: b"DueDateBeforeIssueDate",
    }
    assert await redis.xlen(DLQ) == 0
