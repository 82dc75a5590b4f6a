"""Formal demand letters as PDF (Chinese text extracted back), the per-debtor evidence
export (JSON and PDF), and no planted personal data left in Redis or the logs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

from pypdf import PdfReader

from shared.web.auth import Role
from tests.integration.notifications.channel_world import (
    CUSTOMER,
    EMAIL,
    NAME,
    PHONE,
    SHANGHAI,
    World,
    request,
)
from tests.integration.notifications.harness import (
    eventually,
    published,
    redis_bytes,
    service_logs,
)
from tests.integration.notifications.providers import provider_callback
from tests.support.apps import api_key

THREE_DAYS_LATER = dt.datetime(2026, 11, 5, 10, 0, tzinfo=SHANGHAI)


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def sent_of(world: World, request_id: str) -> object:
    async def find() -> object | None:
        found = await published(world.redis, "NotificationSent")
        return next((e for e in found if e.request_id == request_id), None)  # type: ignore[attr-defined]

    return await eventually(find)


async def test_a_formal_demand_is_a_chinese_pdf_letter_whose_hash_the_evidence_keeps(
    world: World,
) -> None:
    await world.publish(request("req-d1", ("letter",), template="demand_letter"))

    sent = await sent_of(world, "req-d1")
    [letter] = world.letters.glob("*.pdf")
    digest = hashlib.sha256(letter.read_bytes()).hexdigest()
    assert sent.provider_result == f"stored letters/{letter.name} pdf_sha256={digest}"  # type: ignore[attr-defined]
    assert sent.formal_demand is True  # type: ignore[attr-defined]
    text = pdf_text(letter.read_bytes())
    assert "催款函" in text and NAME in text and "8,800.00" in text

    arrived = dt.datetime(2026, 11, 4, 15, 30, tzinfo=SHANGHAI)
    collector = {"X-API-Key": await api_key(world.redis, "c", Role.COLLECTOR)}
    receipt = {"reference": "req-d1:letter:ct-1:1", "at": arrived.isoformat(),
               "source": "ems_tracking"}  # fmt: skip
    answer = await world.app.client.post("/notifications/receipts", json=receipt, headers=collector)
    assert answer.status_code == 202 and answer.json() == {"result": "recorded"}
    [delivered] = await eventually(lambda: published(world.redis, "NotificationDelivered"))
    assert delivered.formal_demand is True and delivered.delivered_at == arrived  # type: ignore[attr-defined]


async def test_the_evidence_of_a_debtor_exports_as_json_and_pdf_for_auditors_only(
    world: World,
) -> None:
    await world.publish(request("req-s1", ("sms",)))
    await sent_of(world, "req-s1")
    arrived = dt.datetime(2026, 11, 2, 10, 1, tzinfo=SHANGHAI)
    receipt = {"type": "receipt", "status": "delivered", "reference": "req-s1:sms:ct-1:1",
               "at": arrived.isoformat()}  # fmt: skip
    await provider_callback(world.app.client, receipt)
    await world.set_clock(THREE_DAYS_LATER)  # T4: two days between dunning messages
    await world.publish(request("req-d1", ("letter",), template="demand_letter"))
    await sent_of(world, "req-d1")
    collector = {"X-API-Key": await api_key(world.redis, "c", Role.COLLECTOR)}

    as_json = await world.app.client.get(f"/evidence/{CUSTOMER}.json", headers=world.app.auditor)
    as_pdf = await world.app.client.get(f"/evidence/{CUSTOMER}.pdf", headers=world.app.auditor)

    assert as_json.status_code == as_pdf.status_code == 200
    evidence = as_json.json()
    assert evidence["verified"] is True
    by_channel = {m["channel"]: m for m in evidence["messages"]}
    sms, letter = by_channel["sms"], by_channel["letter"]
    assert sms["masked_address"] == "***1234" and sms["addressee_role"] == "debtor_staff"
    assert (
        dt.datetime.fromisoformat(sms["delivered_at"]) == arrived and sms["formal_demand"] is False
    )
    assert letter["formal_demand"] is True and len(letter["content_sha256"]) == 64
    assert {d["rule"] for d in sms["decisions"]} >= {"R1", "R3", "T1"}
    text = pdf_text(as_pdf.content)
    assert "Notification evidence" in text and "***1234" in text and "催款函" in text
    assert sms["content_sha256"] in text
    for secret in (NAME, EMAIL, PHONE):
        assert secret not in as_json.text and secret not in text
    assert (await world.app.client.get(f"/evidence/{CUSTOMER}.json")).status_code == 401
    denied = await world.app.client.get(f"/evidence/{CUSTOMER}.json", headers=collector)
    missing = await world.app.client.get("/evidence/C-0000.json", headers=world.app.auditor)
    assert (denied.status_code, missing.status_code) == (403, 404)


async def test_a_planted_name_email_and_phone_are_nowhere_in_redis_or_the_logs(
    world: World,
) -> None:
    with service_logs() as lines:
        await world.publish(request("req-e1", ("email", "sms")))
        await eventually(lambda: _at_least(world, 2))
        await world.set_clock(THREE_DAYS_LATER)  # T4: two days between dunning messages
        await world.publish(request("req-d1", ("letter",), template="demand_letter"))
        await sent_of(world, "req-d1")
        reply = {"type": "reply", "reference": "req-e1:sms:ct-1:1", "from": PHONE, "text": "STOP"}
        assert (await provider_callback(world.app.client, reply)).json()["result"] == "opted_out"

    assert len(world.far.sms.messages) == 2 and len(world.far.mailbox.messages) == 1
    dump, logs = await redis_bytes(world.redis), lines.getvalue()
    assert "notification_sent" in logs and "opt_out_recorded" in logs
    for secret in (NAME, EMAIL, PHONE, "zhao.minhua", "13700001234", "0000 1234"):
        assert secret.encode() not in dump and json.dumps(secret).encode() not in dump
        assert secret not in logs and json.dumps(secret) not in logs


async def _at_least(world: World, n: int) -> bool:
    return len(await published(world.redis, "NotificationSent")) >= n
