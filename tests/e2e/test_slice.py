"""The slice end to end: four service processes, real Redis, real SMTP, simulated clock.

An ERP writes the invoice and the final payment with plain redis-py; a collector
records a partial payment over the API; collections is killed (-9) while the due date
passes and catches up after its restart; a redelivered event sends no second e-mail;
and the planted contact's personal data appears nowhere outside the customers store.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from shared.contracts import Event, parse_event
from shared.infra import connection, keys
from shared.infra.settings import Settings
from tests.e2e.conftest import GRACE_DAYS, System
from tests.support.apps import dump
from tooling.demo import SHANGHAI, Demo

pytestmark = pytest.mark.e2e

NAME, EMAIL, PHONE = "Planted Contact Qj4 Wu", "planted.qj4@buyer-example.cn", "+8613700001234"
CUSTOMER, NUMBER = "C-E2E-1", "INV-E2E-0001"
# The reminder falls on Friday 2 April 2027, a working day: a weekend or 清明 would defer it (T2).
ISSUED, DUE = dt.date(2027, 3, 1), dt.date(2027, 3, 29)


def registration() -> dict[str, Any]:
    contact = {
        "name": NAME, "email": EMAIL, "phone": PHONE, "language": "zh-CN",
        "timezone": "Asia/Shanghai", "role": "debtor_staff",
        "consent": {"email": True, "sms": True},
    }  # fmt: skip
    return {"customer_id": CUSTOMER, "legal_name": "Buyer E2E Co", "jurisdiction": "cn",
            "currency": "CNY", "contact": contact}  # fmt: skip


def erp_sends(system: System, command: dict[str, Any]) -> None:
    """What an ERP does: one XADD of plain JSON, with the plain synchronous redis-py client."""
    client = connection.sync_client(system.redis_url)
    client.xadd(keys.ingest("invoices"), {"__data__": json.dumps(command)})
    client.close()


async def outbound(driver: Demo, service: str, type_: str) -> list[tuple[bytes, Event]]:
    partition = keys.partition_of(CUSTOMER, Settings().partitions)
    entries = await driver.redis.xrange(keys.outbox(partition, service))
    found = [(entry_id, parse_event(fields[b"__data__"])) for entry_id, fields in entries]
    return [
        (i, e) for i, e in found if e.type == type_ and getattr(e, "customer_id", "") == CUSTOMER
    ]


async def consumed(driver: Demo, stream: str, group: str, entry_id: bytes) -> bool:
    """The group has read ``entry_id`` and acknowledged everything it read."""
    for info in await driver.redis.xinfo_groups(stream):
        if info["name"].decode() == group:
            last = tuple(map(int, info["last-delivered-id"].decode().split("-")))
            wanted = tuple(map(int, entry_id.decode().split("-")))
            return last >= wanted and info["pending"] == 0
    return False


async def redeliver(driver: Demo, service: str, type_: str, group: str) -> None:
    """Append a stored event's exact bytes once more and wait until ``group`` has handled it."""
    [(_, event)] = await outbound(driver, service, type_)
    stream = keys.outbox(keys.partition_of(CUSTOMER, Settings().partitions), service)
    again = await driver.redis.xadd(stream, {"__data__": event.model_dump_json()})
    await driver.until(f"{group} to handle the redelivered {type_}",
                       lambda: consumed(driver, stream, group, again))  # fmt: skip


async def test_slice_walks_from_invoice_to_reminder_to_payment(
    system: System, driver: Demo
) -> None:
    await driver.call("POST", "customers", "/customers", json=registration())
    await driver.advance_to(dt.datetime.combine(ISSUED, dt.time(10), SHANGHAI))
    erp_sends(system, {
        "type": "IssueInvoice", "external_number": NUMBER, "customer_id": CUSTOMER,
        "amount": {"amount": "12000.00", "currency": "CNY"},
        "issue_date": ISSUED.isoformat(), "due_date": DUE.isoformat(),
    })  # fmt: skip
    await driver.until("the debtor to track the invoice",
                       lambda: driver.debtor_in(CUSTOMER, {"current"}))  # fmt: skip

    system.processes.kill("collections")
    missed_at = dt.datetime.combine(DUE + dt.timedelta(days=GRACE_DAYS + 1), dt.time(0), SHANGHAI)
    await driver.advance_to(missed_at + dt.timedelta(hours=9))
    await driver.until("invoicing to publish PaymentMissed while collections is down",
                       lambda: outbound(driver, "invoicing", "PaymentMissed"))  # fmt: skip
    system.processes.start_one("collections")
    view = await driver.until("the restarted collections to mark the debtor overdue",
                              lambda: driver.debtor_in(CUSTOMER, {"overdue"}))  # fmt: skip
    assert view["overdue"] == [{"amount": "12000.00", "currency": "CNY"}]

    [(_, sent)] = await driver.until(
        "the reminder e-mail's evidence", lambda: _sent_on(driver, "email")
    )
    assert sent.masked_address != EMAIL and sent.masked_address.endswith("@buyer-example.cn")
    [message] = _dunning_mails(system)
    assert NUMBER in _text_of(message)

    await redeliver(driver, "invoicing", "PaymentMissed", group="collections")
    assert len(await outbound(driver, "collections", "NotificationRequested")) == 1
    await redeliver(driver, "collections", "NotificationRequested", group="notifications")
    assert len(_dunning_mails(system)) == 1
    assert len(await _sent_on(driver, "email")) == 1

    payment_day = missed_at.date().isoformat()
    await driver.call("POST", "invoicing", f"/invoices/{NUMBER}/payments", json={
        "payment_id": "BANK-1", "amount": {"amount": "2000.00", "currency": "CNY"},
        "value_date": payment_day,
    })  # fmt: skip
    partly = await driver.until("the partial payment on the debtor",
                                lambda: _applied(driver, "BANK-1"))  # fmt: skip
    assert partly["state"] == "overdue"
    assert partly["overdue"] == [{"amount": "10000.00", "currency": "CNY"}]
    erp_sends(system, {
        "type": "RecordPayment", "payment_id": "BANK-2", "external_number": NUMBER,
        "amount": {"amount": "10000.00", "currency": "CNY"}, "value_date": payment_day,
    })  # fmt: skip
    cleared = await driver.until("the debtor back to current",
                                 lambda: driver.debtor_in(CUSTOMER, {"current"}))  # fmt: skip
    assert "DebtorCleared" in [e["type"] for e in cleared["timeline"]]
    assert len(_dunning_mails(system)) == 1


async def test_planted_personal_data_is_nowhere_outside_the_customers_store(
    system: System, driver: Demo
) -> None:
    blob = await dump(driver.redis, skip_prefix=b"hk:customers:pii:")
    leaks = [planted for planted in (NAME, EMAIL, PHONE) if planted.encode() in blob]
    assert await driver.redis.exists(f"hk:customers:pii:{CUSTOMER}") == 1, (
        "the test planted nothing"
    )
    assert leaks == []
    logs = system.logs()
    assert CUSTOMER in logs, "the services logged nothing about the walk"
    assert [p for p in (NAME, EMAIL, PHONE) if p in logs] == []


async def _sent_on(driver: Demo, channel: str) -> list[tuple[bytes, Event]]:
    """Dunning messages sent on ``channel`` (a monthly statement may go out meanwhile)."""
    sent = await outbound(driver, "notifications", "NotificationSent")
    return [(i, e) for i, e in sent if getattr(e, "channel", "") == channel
            and not str(getattr(e, "request_id", "")).startswith("statement:")]  # fmt: skip


def _dunning_mails(system: System) -> list[Any]:
    """E-mails to the debtor but the monthly statement (its reference is ``statement:…``)."""
    return [m for m in system.inbox.to(EMAIL)
            if not str(m.get("X-Huikuan-Reference", "")).startswith("statement:")]  # fmt: skip


async def _applied(driver: Demo, payment_id: str) -> dict[str, Any] | None:
    view = await driver.debtor(CUSTOMER)
    summaries = " ".join(entry["summary"] for entry in (view or {}).get("timeline", []))
    return view if view and payment_id in summaries else None


def _text_of(message: Any) -> str:
    parts = [
        p.get_payload(decode=True) for p in message.walk() if p.get_content_maintype() == "text"
    ]
    return "".join(p.decode("utf-8") for p in parts if p)
