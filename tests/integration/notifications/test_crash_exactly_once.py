"""Kill -9 of a real notifications process between the provider call and its record.

The far side takes the message, then SIGKILLs the sender before answering: the claim
(``NotificationAllowed``) is stored, ``NotificationSent`` is not, the trigger is not
acknowledged. The restarted process reclaims the trigger and sends the claim again with
the SAME idempotency key.

- SMS: the provider keeps idempotency keys, so the phone gets ONE message (exactly once).
- E-mail: SMTP cannot deduplicate. The server's ``250`` is recorded before QUIT, so a
  kill after it (at QUIT) sends nothing again: one delivery, and the evidence says
  ``accepted before a restart, not sent again``. A kill before the ``250`` reached the
  sender (the server kept the message) gives two deliveries with the same Message-ID
  (folded by mail clients), and the evidence says ``resent (may duplicate)``, unless the
  relay can be asked by Message-ID (``HUIKUAN_SMTP_LOOKUP_URL``): then it is not sent again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
from fastapi import FastAPI, HTTPException

from shared.infra.clock import SimulatedClock
from shared.infra.settings import Settings
from tests.integration.notifications.channel_world import (
    EMAIL,
    NAME,
    PHONE,
    SHANGHAI,
    FarSide,
    configured,
    publish,
    request,
)
from tests.integration.notifications.harness import Mailbox, eventually, http_server, published
from tests.integration.notifications.process import ServiceProcess
from tests.support.redis_server import free_port


def env_of(settings: Settings) -> dict[str, str]:
    """The settings as the process reads them (``HUIKUAN_*``)."""
    wanted = ("environment", "clock", "partitions", "customers_url", "internal_api_key",
              "smtp_host", "smtp_port", "sms_enabled", "sms_url", "sms_api_key",
              "sms_inbound_secret", "letter_enabled", "notifications_var_dir",
              "poll_interval_ms", "timer_poll_interval_ms", "dead_letter_after",
              "partition_lease_ms")  # fmt: skip
    env = {f"HUIKUAN_{name.upper()}": str(getattr(settings, name)) for name in wanted}
    return {**env, "REDIS_URL": settings.redis_url, "HUIKUAN_RECLAIM_IDLE_MS": "500",
            "HUIKUAN_SEND_LEASE_MS": "1500", "HUIKUAN_DEAD_LETTER_AFTER": "20"}  # fmt: skip


@pytest.fixture
def service(settings: Settings, far_side: FarSide, tmp_path: Path) -> Iterator[ServiceProcess]:
    config = configured(settings, far_side, tmp_path)
    process = ServiceProcess(env_of(config), tmp_path / "notifications.log", free_port())
    try:
        yield process
    finally:
        process.stop()


async def crash_then_restart(
    service: ServiceProcess, redis: aioredis.Redis, settings: Settings, channel: Any
) -> list[Any]:
    await SimulatedClock(redis).set(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    service.start()
    await publish(settings, redis, request("req-k1", (channel,)))
    await eventually(lambda: _killed(service), timeout=20)
    assert service.wait_dead() == -9
    assert [e.type for e in await published(redis, "NotificationAllowed")] == [
        "NotificationAllowed"
    ]
    assert await published(redis, "NotificationSent") == []  # the claim is left open
    service.start()
    return await eventually(lambda: published(redis, "NotificationSent"), timeout=30)


def kill_once(service: ServiceProcess, far: object, hook: str) -> None:
    """SIGKILL the sender (the far side has the message, the sender has no answer)."""
    setattr(far, hook, None)
    service.kill_now()


async def _killed(service: ServiceProcess) -> bool:
    return bool(service.kills)


async def test_an_sms_interrupted_by_kill_9_after_the_provider_took_it_is_delivered_once(
    service: ServiceProcess, far_side: FarSide, redis: aioredis.Redis, settings: Settings
) -> None:
    far_side.sms.on_message = lambda: kill_once(service, far_side.sms, "on_message")
    config = configured(settings, far_side, Path(service.env["HUIKUAN_NOTIFICATIONS_VAR_DIR"]))

    [sent] = await crash_then_restart(service, redis, config, "sms")

    assert far_side.sms.calls == 2  # called again after the crash …
    assert list(far_side.sms.messages) == ["req-k1:sms:ct-1:1"]  # … with the same key: one SMS
    assert sent.provider_result == "resent (provider dedupes): accepted: sms-1"  # type: ignore[attr-defined]
    assert len(await published(redis, "NotificationSent")) == 1
    logs = service.log.read_text()
    assert "notification_claim_resumed" in logs
    for secret in (NAME, EMAIL, PHONE, json.dumps(NAME)):
        assert secret not in logs


async def test_an_email_interrupted_by_kill_9_is_resent_with_the_same_message_id(
    service: ServiceProcess, far_side: FarSide, redis: aioredis.Redis, settings: Settings
) -> None:
    far_side.mailbox.on_data = lambda: kill_once(service, far_side.mailbox, "on_data")
    config = configured(settings, far_side, Path(service.env["HUIKUAN_NOTIFICATIONS_VAR_DIR"]))

    [sent] = await crash_then_restart(service, redis, config, "email")

    first, second = far_side.mailbox.messages  # SMTP cannot fold: two deliveries …
    assert first["Message-ID"] == second["Message-ID"]  # … of one message, same Message-ID
    assert sent.provider_result.startswith("resent (may duplicate): accepted")  # type: ignore[attr-defined]


async def test_an_email_the_server_accepted_before_a_kill_9_at_quit_is_not_sent_again(
    service: ServiceProcess, far_side: FarSide, redis: aioredis.Redis, settings: Settings
) -> None:
    far_side.mailbox.on_quit = lambda: kill_once(service, far_side.mailbox, "on_quit")
    config = configured(settings, far_side, Path(service.env["HUIKUAN_NOTIFICATIONS_VAR_DIR"]))

    [sent] = await crash_then_restart(service, redis, config, "email")

    copies = Counter(str(mail["Message-ID"]) for mail in far_side.mailbox.messages)
    assert list(copies.values()) == [1]  # no duplicate: the restart did not send it again
    assert sent.provider_result == (  # type: ignore[attr-defined]
        "accepted before a restart, not sent again: accepted: Message accepted for delivery"
    )
    assert "notification_claim_resumed" in service.log.read_text()


def relay_search(mailbox: Mailbox) -> FastAPI:
    """The relay's message search: does it hold a message with this Message-ID?"""
    app = FastAPI()

    @app.get("/messages")
    async def find(message_id: str) -> dict[str, str]:
        if any(str(mail["Message-ID"]) == message_id for mail in mailbox.messages):
            return {"status": "queued"}
        raise HTTPException(404, "no such message")

    return app


async def test_an_email_whose_250_was_lost_is_not_sent_again_when_the_relay_holds_it(
    service: ServiceProcess, far_side: FarSide, redis: aioredis.Redis, settings: Settings
) -> None:
    far_side.mailbox.on_data = lambda: kill_once(service, far_side.mailbox, "on_data")
    config = configured(settings, far_side, Path(service.env["HUIKUAN_NOTIFICATIONS_VAR_DIR"]))
    with http_server(relay_search(far_side.mailbox)) as relay:
        service.env["HUIKUAN_SMTP_LOOKUP_URL"] = f"{relay}/messages"
        [sent] = await crash_then_restart(service, redis, config, "email")

    [mail] = far_side.mailbox.messages  # kept once, before the sender heard its 250
    assert sent.provider_result == (  # type: ignore[attr-defined]
        f"the relay holds Message-ID {mail['Message-ID']} (queued), not sent again"
    )
