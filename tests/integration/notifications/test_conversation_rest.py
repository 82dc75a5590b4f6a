"""Reg F's seven days (12 CFR 1006.14(b)(2)(ii)): a conversation a collector recorded in
collections reaches notifications on collections' outbound stream, and a US debtor's next
dunning message waits seven days from it. Real Redis, SMTP and customers API."""

from __future__ import annotations

import datetime as dt
import uuid

from services.notifications.adapters.history import RedisSendHistory
from shared.contracts.collections import ConversationRecorded
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef
from tests.integration.notifications.harness import Running, eventually, published
from tests.integration.notifications.test_reminder_delivery import (  # noqa: F401 (fixtures)
    CUSTOMER,
    World,
    app,
    contacts,
    neighbours,
    request,
    world,
)

NEW_YORK = dt.timezone(dt.timedelta(hours=-5))  # EST in November


async def test_a_us_debtor_gets_no_dunning_for_seven_days_after_a_conversation(
    world: World,  # noqa: F811 (the fixture)
    app: Running,  # noqa: F811
) -> None:
    book = contacts(timezone="America/New_York", language="en")
    world.customers.books[CUSTOMER] = {**book, "jurisdiction": "us"}
    now = dt.datetime(2026, 11, 10, 11, 0, tzinfo=NEW_YORK)  # Tuesday, 11:00 in New York
    await world.set_clock(now)
    spoken = now - dt.timedelta(hours=2)
    talk = ConversationRecorded(
        event_id=uuid.uuid4(), occurred_at=spoken, aggregate_id=CUSTOMER, aggregate_version=1,
        correlation_id=uuid.uuid4(), producer="collections", customer_id=CUSTOMER,
        conversation_id="call-1", channel="phone", outcome="reached", held_at=spoken,
        recorded_by="alice",
    )  # fmt: skip
    store = EventStore(world.redis, "collections", world.settings.partitions)
    ref = StreamRef("debtor", CUSTOMER, CUSTOMER)
    first = await store.append(AppendRequest(ref, 0, [talk]))

    log = RedisSendHistory(world.redis, world.settings.partitions)

    async def remembered() -> tuple[dt.datetime, ...]:
        return (await log.history_of(CUSTOMER)).conversations

    assert await eventually(remembered, timeout=60) == (spoken,)
    await store.append(AppendRequest(ref, 1, [request("req-after-talk")], first.last_hash))
    [waiting] = await eventually(lambda: published(world.redis, "NotificationDeferred"), 60)
    assert waiting.rule == "T3"  # type: ignore[attr-defined]
    assert waiting.until == spoken + dt.timedelta(days=7)  # type: ignore[attr-defined]
    assert any(d.rule == "T3" and d.detail.startswith("after_conversation")
               for d in waiting.decisions)  # type: ignore[attr-defined]  # fmt: skip
    assert world.mailbox.messages == []
