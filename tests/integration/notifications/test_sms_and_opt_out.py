"""SMS through a real HTTP provider, its receipts and replies; opt-out by STOP and by link.

Real Redis, a real SMS provider server (keeps idempotency keys), real SMTP, and the
customers API (contacts and consent) as a real HTTP server.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from tests.integration.notifications.channel_world import (
    CUSTOMER,
    PHONE,
    SHANGHAI,
    World,
    request,
)
from tests.integration.notifications.harness import drained, eventually, published
from tests.integration.notifications.providers import provider_callback


async def sent_count(world: World, n: int) -> list[object]:
    async def check() -> list[object] | None:
        found = await published(world.redis, "NotificationSent")
        return found if len(found) >= n else None

    return await eventually(check)


async def test_an_sms_reaches_the_provider_with_its_claim_key_and_a_receipt_is_kept(
    world: World,
) -> None:
    await world.publish(request("req-s1", ("sms",)))

    [sent] = await sent_count(world, 1)
    [(key, message)] = world.far.sms.messages.items()
    assert key == "req-s1:sms:ct-1:1" == message["reference"]
    assert message["to"] == PHONE and "STOP" in message["text"]
    assert sent.masked_address == "***1234" and sent.idempotency_key == key  # type: ignore[attr-defined]
    assert sent.provider_result == "accepted: sms-1"  # type: ignore[attr-defined]

    arrived = dt.datetime(2026, 11, 2, 10, 0, 5, tzinfo=SHANGHAI)
    receipt = {"type": "receipt", "reference": key, "status": "delivered",
               "at": arrived.isoformat()}  # fmt: skip
    answer = await provider_callback(world.app.client, receipt)
    assert answer.status_code == 202 and answer.json() == {"result": "recorded"}
    [delivered] = await eventually(lambda: published(world.redis, "NotificationDelivered"))
    assert delivered.delivered_at == arrived and delivered.reference == key  # type: ignore[attr-defined]


async def test_a_stop_reply_withdraws_sms_consent_confirms_once_and_then_suppresses(
    world: World,
) -> None:
    await world.publish(request("req-s1", ("sms",)))
    await sent_count(world, 1)

    reply = {"type": "reply", "reference": "req-s1:sms:ct-1:1", "from": PHONE, "text": " stop "}
    first = await provider_callback(world.app.client, reply)
    again = await provider_callback(world.app.client, {**reply, "text": "退订"})

    assert first.json() == {"result": "opted_out"} and again.json() == {"result": "opted_out"}
    assert world.far.customers.consents[0] == (CUSTOMER, "ct-1", "sms", False, "sms_stop")
    assert len(world.far.sms.messages) == 2  # the reminder and ONE confirmation
    confirmation = world.far.sms.texts()[1]
    assert "退订" in confirmation and "8,800.00" not in confirmation

    await world.publish(request("req-s2", ("sms",)))
    [suppressed] = await eventually(lambda: published(world.redis, "NotificationSuppressed"))
    assert (suppressed.rule, suppressed.reason) == ("R3", "opted_out")  # type: ignore[attr-defined]
    await eventually(lambda: drained(world.redis, world.outbox()))
    assert len(world.far.sms.messages) == 2


async def test_a_reply_from_another_number_or_with_a_bad_signature_changes_nothing(
    world: World,
) -> None:
    await world.publish(request("req-s1", ("sms",)))
    await sent_count(world, 1)
    reply = {"type": "reply", "reference": "req-s1:sms:ct-1:1", "from": PHONE, "text": "STOP"}

    forged = await provider_callback(world.app.client, reply, secret="not-the-secret")
    stranger = await provider_callback(world.app.client, {**reply, "from": "+86 135 9999 0000"})

    assert forged.status_code == 401
    assert stranger.json() == {"result": "ignored"}
    assert world.far.customers.consents == [] and len(world.far.sms.messages) == 1


async def test_a_503_from_the_provider_is_retried_after_the_backoff_then_sent(
    world: World,
) -> None:
    world.far.sms.answers.append(503)
    await world.publish(request("req-s1", ("sms",)))

    [failed] = await eventually(lambda: published(world.redis, "NotificationFailed"))
    assert failed.permanent is False and world.far.sms.messages == {}  # type: ignore[attr-defined]
    await world.set_clock(failed.retry_at)  # type: ignore[attr-defined]

    [sent] = await sent_count(world, 1)
    assert list(world.far.sms.messages) == ["req-s1:sms:ct-1:2"]
    assert sent.idempotency_key == "req-s1:sms:ct-1:2"  # type: ignore[attr-defined]


async def test_a_400_from_the_provider_fails_permanently_so_collections_can_choose_another(
    world: World,
) -> None:
    world.far.sms.answers.append(400)
    await world.publish(request("req-s1", ("sms",)))

    [failed] = await eventually(lambda: published(world.redis, "NotificationFailed"))
    assert failed.permanent is True and failed.retry_at is None  # type: ignore[attr-defined]
    assert failed.error == "PermanentChannelError: provider refused (400)"  # type: ignore[attr-defined]
    assert await published(world.redis, "NotificationSent") == []


async def test_the_unsubscribe_link_in_an_email_withdraws_email_consent_and_confirms_once(
    world: World,
) -> None:
    await world.publish(request("req-e1", ("email",)))
    await sent_count(world, 1)
    [mail] = world.far.mailbox.messages
    link = str(mail["List-Unsubscribe"]).strip("<>")
    assert link in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    path = urlsplit(link)

    tampered = await world.app.client.get(f"{path.path}?{path.query[:-4]}beef")
    page = await world.app.client.get(f"{path.path}?{path.query}")
    assert tampered.status_code == 403 and page.status_code == 200
    assert 'method="post"' in page.text and world.far.customers.consents == []

    first = await world.app.client.post(f"{path.path}?{path.query}")
    again = await world.app.client.post(f"{path.path}?{path.query}")

    assert first.status_code == again.status_code == 200
    assert [c[2:] for c in world.far.customers.consents] == [
        ("email", False, "unsubscribe_link"), ("email", False, "unsubscribe_link")]  # fmt: skip
    assert len(world.far.mailbox.messages) == 2  # the reminder and one confirmation
    assert "List-Unsubscribe" not in world.far.mailbox.messages[1]


async def test_a_stop_at_night_withdraws_at_once_and_the_confirmation_waits_for_08_00(
    world: World,
) -> None:
    await world.publish(request("req-s1", ("sms",)))
    await sent_count(world, 1)
    await world.set_clock(dt.datetime(2026, 11, 2, 23, 0, tzinfo=SHANGHAI))

    reply = {"type": "reply", "reference": "req-s1:sms:ct-1:1", "from": PHONE, "text": "STOP"}
    assert (await provider_callback(world.app.client, reply)).json() == {"result": "opted_out"}

    assert world.far.customers.consents[0][2:4] == ("sms", False)
    [deferred] = await eventually(lambda: published(world.redis, "NotificationDeferred"))
    morning = dt.datetime(2026, 11, 3, 8, 0, tzinfo=SHANGHAI)
    assert deferred.until == morning and len(world.far.sms.messages) == 1  # type: ignore[attr-defined]
    await world.set_clock(morning)
    await sent_count(world, 2)
    assert len(world.far.sms.messages) == 2
