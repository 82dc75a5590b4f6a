"""The send-history projection against real Redis: idempotent, trimmed, ids only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from services.notifications.adapters.history import RETENTION, RedisSendHistory, history_key
from shared.contracts.notifications import NotificationSent
from shared.infra import keys

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def sent(request_id: str, at: datetime, channel: str = "email") -> NotificationSent:
    return NotificationSent(
        event_id=uuid.uuid4(), occurred_at=at, aggregate_id=request_id, aggregate_version=2,
        correlation_id=uuid.uuid4(), producer="notifications", request_id=request_id,
        customer_id="C-9", channel=channel, template="overdue_reminder_1",  # type: ignore[arg-type]
        template_version="2+abc", content_sha256="0" * 64, masked_address="w***@example.com",
        addressee_role="debtor_staff", sent_at=at, provider_result="250 OK", contact_id="ct-1",
    )  # fmt: skip


async def test_a_redelivered_sent_event_is_recorded_once(redis: aioredis.Redis) -> None:
    history = RedisSendHistory(redis, 4)
    event = sent("req-1", NOW)
    await history.record(event)
    await history.record(event)

    [record] = (await history.history_of("C-9")).records
    assert (record.at, record.request_id, record.channel, record.contact_id) == (
        NOW, "req-1", "email", "ct-1",
    )  # fmt: skip


async def test_sends_older_than_the_retention_are_trimmed_on_the_next_write(
    redis: aioredis.Redis,
) -> None:
    history = RedisSendHistory(redis, 4)
    await history.record(sent("req-old", NOW - RETENTION - timedelta(minutes=1)))
    await history.record(sent("req-new", NOW))

    records = (await history.history_of("C-9")).records
    assert [r.request_id for r in records] == ["req-new"]


async def test_the_projection_lives_in_the_debtors_partition_and_holds_no_address(
    redis: aioredis.Redis,
) -> None:
    await RedisSendHistory(redis, 4).record(sent("req-1", NOW))

    key = history_key("C-9", 4)
    assert key.startswith(f"hk:{keys.tag(keys.partition_of('C-9', 4))}:")
    members = await redis.zrange(key, 0, -1)
    assert b"@" not in b"".join(members) and b"example" not in b"".join(members)
    assert 0 < await redis.pttl(key) <= RETENTION.total_seconds() * 1000
