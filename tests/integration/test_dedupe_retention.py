"""Idempotency records are kept for a retention window, then expire (Redis TTLs)."""

from __future__ import annotations

import pytest

from shared.infra import keys
from shared.infra.eventstore import GENESIS, AppendRequest, EventStore, StreamRef
from shared.infra.settings import Settings
from tests.support.factories import invoice_issued

REF = StreamRef("invoice", "inv-INV-1", "C-1")
HOUR_MS = 3_600_000


@pytest.fixture
def store(redis):
    return EventStore(redis, "invoicing", partitions=4, dedupe_retention_s=3600)


def _append(version: int, key: str) -> AppendRequest:
    return AppendRequest(REF, version, [invoice_issued(version=version + 1)], idempotency_key=key)


async def _length(redis) -> int:
    return await redis.xlen(
        keys.aggregate_stream(keys.partition_of("C-1", 4), "invoice", REF.aggregate_id)
    )


async def test_an_idempotency_record_expires_after_the_window_and_answers_repeats_within_it(
    store, redis
):
    record = keys.dedupe_record(keys.partition_of("C-1", 4), "invoicing", "erp:INV-1")
    first = await store.append(_append(0, "erp:INV-1"))
    ttl_ms = await redis.pttl(record)
    again = await store.append(
        AppendRequest(REF, 1, [invoice_issued(version=2)], first.last_hash, "erp:INV-1")
    )

    assert not first.duplicate and again.duplicate
    assert 0.9 * HOUR_MS < ttl_ms <= HOUR_MS  # expires one window after it was written
    assert await _length(redis) == 1

    await redis.delete(record)  # what the expiry does once the window has passed
    late = await store.append(
        AppendRequest(REF, 1, [invoice_issued(version=2)], first.last_hash, "erp:INV-1")
    )
    assert not late.duplicate and await _length(redis) == 2


async def test_records_of_earlier_releases_still_answer_and_expire_a_window_after_the_upgrade(
    store, redis
):
    legacy = keys.dedupe(keys.partition_of("C-1", 4), "invoicing")
    stream = keys.aggregate_stream(keys.partition_of("C-1", 4), "invoice", REF.aggregate_id)
    await redis.hset(legacy, "erp:INV-OLD", f"{stream}@7")
    assert await redis.pttl(legacy) == -1  # kept for good before

    repeat = await store.append(_append(0, "erp:INV-OLD"))
    assert repeat.duplicate and repeat.version == 7 and await _length(redis) == 0
    await store.append(AppendRequest(REF, 0, [invoice_issued()], GENESIS, "erp:INV-NEW"))

    assert 0.9 * HOUR_MS < await redis.pttl(legacy) <= HOUR_MS
    assert (await store.append(_append(1, "erp:INV-OLD"))).duplicate  # still within it


def test_the_retention_window_is_a_setting_with_a_floor() -> None:
    assert Settings(dedupe_retention_s=86400).dedupe_retention_s == 86400
    with pytest.raises(ValueError, match="dedupe_retention_s"):
        Settings(dedupe_retention_s=10)
