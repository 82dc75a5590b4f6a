"""The customers service down for a while delays a reminder; it never dead-letters it.

Notifications fetches the contact at the moment of sending. While customers does not
answer (connection refused), the handler's failure is transient: it is retried in place
with backoff, however many times, and the reminder goes out once customers is back.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import redis.asyncio as aioredis

from shared.infra.deadletter import list_dead_letters
from shared.infra.settings import Settings
from tests.integration.notifications.harness import (
    INTERNAL_KEY,
    CustomersApi,
    customers_server,
    eventually,
    published,
    running,
    smtp_server,
)
from tests.integration.notifications.test_reminder_delivery import (
    CUSTOMER,
    EMAIL,
    SHANGHAI,
    World,
    contacts,
    request,
)
from tests.support.redis_server import free_port

OUTAGE_S = 8.0  # old rule: 3 failed deliveries x 0.3 s reclaim = dead after ~1 s


async def test_a_reminder_waits_out_a_customers_outage_and_is_sent_once_it_is_back(
    settings: Settings, redis: aioredis.Redis
) -> None:
    """With the test's fast settings (dead-letter after 3 failures, reclaim after 300 ms)
    an outage of OUTAGE_S is dozens of poison windows long."""
    customers_port = free_port()
    api = CustomersApi({CUSTOMER: contacts()})
    with smtp_server() as (mailbox, smtp_port):
        configured = settings.model_copy(update={
            "clock": "simulated", "customers_url": f"http://127.0.0.1:{customers_port}",
            "internal_api_key": INTERNAL_KEY, "smtp_host": "127.0.0.1", "smtp_port": smtp_port,
            "transient_backoff_cap_s": 0.5,
        })  # fmt: skip
        world = World(configured, redis, mailbox, api)
        await world.set_clock(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
        async with running(configured, redis):
            await world.publish(request())
            await asyncio.sleep(OUTAGE_S)  # customers is down: nothing answers on its port
            assert mailbox.messages == []
            assert await list_dead_letters(redis, "notifications") == []
            with customers_server(api, port=customers_port):
                [sent] = await eventually(lambda: published(redis, "NotificationSent"))
            assert mailbox.recipients == [EMAIL]
            assert sent.customer_id == CUSTOMER
    assert await list_dead_letters(redis, "notifications") == []
