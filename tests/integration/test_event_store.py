"""The event store on a real Redis: versions, outbox atomicity, hash chain, idempotency."""

from __future__ import annotations

import asyncio
import json

import pytest

from shared.infra import keys
from shared.infra.eventstore import (
    GENESIS,
    AppendRequest,
    ConcurrencyConflict,
    EventStore,
    StreamRef,
)
from tests.support.factories import invoice_issued

REF = StreamRef("invoice", "inv-INV-1", "C-1")


@pytest.fixture
def store(redis):
    return EventStore(redis, "invoicing", partitions=4)


async def test_two_concurrent_appends_at_the_same_version_exactly_one_wins(store):
    attempts = [
        store.append(AppendRequest(REF, 0, [invoice_issued(number=f"INV-{i}")], GENESIS))
        for i in range(10)
    ]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1
    assert all(isinstance(e, ConcurrencyConflict) for e in losers)
    assert "expected version 0, found 1" in str(losers[0])
    assert (await store.load(REF)).version == 1


async def test_outbound_stream_holds_exactly_the_events_of_the_aggregate_streams(store, redis):
    refs = [StreamRef("invoice", f"inv-{i}", f"C-{i % 7}") for i in range(40)]
    for ref in refs:
        loaded = await store.load(ref)
        await store.append(AppendRequest(ref, 0, [invoice_issued(version=1)], loaded.last_hash))
    # losers of races leave no trace in either stream
    for ref in refs[:10]:
        with pytest.raises(ConcurrencyConflict):
            await store.append(AppendRequest(ref, 0, [invoice_issued(version=1)], GENESIS))
    in_aggregates = set()
    for ref in refs:
        for _, payload, _, _ in await store.read_raw(ref):
            in_aggregates.add(payload)
    in_outbox = set()
    for p in range(4):
        for _, fields in await redis.xrange(keys.outbox(p, "invoicing")):
            in_outbox.add(fields[b"__data__"])
    assert in_aggregates == in_outbox
    assert len(in_outbox) == 40


async def test_events_of_one_debtor_share_one_partition_hash_tag(store):
    key_a = store.stream_key(StreamRef("invoice", "inv-a", "C-42"))
    key_b = store.stream_key(StreamRef("debtor", "C-42", "C-42"))
    assert key_a.split(":")[1] == key_b.split(":")[1]
    assert key_a.split(":")[1].startswith("{p")


async def test_a_tampered_stored_event_fails_verification(store, redis):
    loaded = await store.load(REF)
    await store.append(AppendRequest(REF, 0, [invoice_issued(version=1)], loaded.last_hash))
    loaded = await store.load(REF)
    await store.append(
        AppendRequest(REF, 1, [invoice_issued(version=2, amount="5.00")], loaded.last_hash)
    )
    assert (await store.verify(REF)).ok
    key = store.stream_key(REF)
    entries = await redis.xrange(key)
    forged = json.loads(entries[0][1][b"__data__"])
    forged["amount"]["amount"] = "1.00"
    # Rewrite the stream with the first event's amount changed and every hash kept.
    await redis.delete(key)
    first = {**entries[0][1], b"__data__": json.dumps(forged).encode()}
    for entry_id, fields in [(entries[0][0], first), entries[1]]:
        await redis.xadd(key, fields, id=entry_id)
    report = await store.verify(REF)
    assert not report.ok
    assert report.first_bad_version == 1
    assert "hash" in report.problem


async def test_an_idempotency_key_applies_once(store):
    req = AppendRequest(REF, 0, [invoice_issued()], GENESIS, idempotency_key="erp:INV-1")
    first = await store.append(req)
    again = await store.append(
        AppendRequest(REF, 1, [invoice_issued(version=2)], GENESIS, idempotency_key="erp:INV-1")
    )
    assert not first.duplicate and again.duplicate
    assert (await store.load(REF)).version == 1


async def test_a_stale_chain_hash_is_refused(store):
    await store.append(AppendRequest(REF, 0, [invoice_issued()], GENESIS))
    with pytest.raises(ConcurrencyConflict):
        await store.append(AppendRequest(REF, 1, [invoice_issued(version=2)], GENESIS))


async def test_pipelined_appends_report_each_result(store):
    reqs = [
        AppendRequest(StreamRef("invoice", f"i{i}", f"C-{i}"), 0, [invoice_issued()], GENESIS)
        for i in range(5)
    ]
    reqs.append(AppendRequest(reqs[0].ref, 0, [invoice_issued()], GENESIS))
    results = await store.append_many(reqs)
    assert [isinstance(r, ConcurrencyConflict) for r in results] == [False] * 5 + [True]
