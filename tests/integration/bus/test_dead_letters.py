"""Entries that cannot be parsed, or whose handler keeps failing, go to the dead-letter stream."""

from __future__ import annotations

import json

import redis.asyncio as aioredis

from shared.contracts import Event, encode_event
from shared.infra.deadletter import list_dead_letters, replay_dead_letter
from tests.integration.bus.helpers import (
    DLQ,
    STREAM,
    consuming,
    events,
    eventually,
    pending,
    publish,
    publish_raw,
)
from tests.support.bus_worker import (
    EFFECTS,
    SERVICE,
    apply_effect,
    attempt_count,
    effect_count,
    record_attempt,
)
from tests.support.factories import invoice_issued
from tests.support.redis_server import RedisServer


def bad_payloads() -> dict[str, bytes]:
    """Each kind of unparseable entry, with the words its dead letter's error must contain."""
    good = json.loads(encode_event(invoice_issued()))
    missing = {k: v for k, v in good.items() if k not in ("amount", "due_date")}
    # A valid event, padded with JSON whitespace: only its size is wrong.
    oversized = encode_event(invoice_issued()) + b" " * 5000
    return {
        "not valid JSON": b"{this is not json",
        "unknown event type 'InvoiceTeleported'": json.dumps(
            good | {"type": "InvoiceTeleported"}
        ).encode(),
        "invalid InvoiceIssued": json.dumps(missing).encode(),
        f"payload of {len(oversized)} bytes exceeds": oversized,
    }


async def test_unparseable_entries_are_dead_lettered_with_their_error_and_good_ones_go_on(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    good = events(5)
    bad = bad_payloads()

    async def handler(evt: Event) -> None:
        await apply_effect(redis, str(evt.event_id))

    async with consuming(redis_server.url, redis, handler, max_payload_bytes=4096):
        bad_ids = {}
        for evt, (words, payload) in zip(good[:-1], bad.items(), strict=True):
            await publish(redis, evt)
            bad_ids[await publish_raw(redis, payload)] = words
        await publish(redis, good[-1])
        for evt in good:
            assert await eventually(lambda e=evt: effect_count(redis, str(e.event_id))) == 1
        letters = await eventually(lambda: _letters(redis, len(bad)))
        assert await eventually(lambda: _nothing_pending(redis))
    assert {letter.entry_id: letter.stream for letter in letters} == dict.fromkeys(bad_ids, STREAM)
    for letter in letters:
        assert letter.error.startswith("unparseable: ")
        assert bad_ids[letter.entry_id] in letter.error
        assert letter.deliveries == 1
    payloads = {f[b"payload"] for _, f in await redis.xrange(DLQ)}
    assert payloads == set(bad.values())
    assert set(await redis.hkeys(EFFECTS)) == {str(evt.event_id).encode() for evt in good}
    first_page = await list_dead_letters(redis, SERVICE, count=3)
    rest = await list_dead_letters(redis, SERVICE, count=3, after=first_page[-1].id)
    assert first_page + rest == letters


async def test_a_parser_failing_in_any_way_dead_letters_the_entry_instead_of_retrying_it(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    def parse_order(payload: bytes) -> dict[str, str]:
        return {"order_id": json.loads(payload)["order_id"]}  # KeyError when it is missing

    seen: list[str] = []

    async def handler(order: dict[str, str]) -> None:
        seen.append(order["order_id"])

    async with consuming(redis_server.url, redis, handler, parse=parse_order):
        bad_id = await publish_raw(redis, b'{"invoice_id": "I-1"}')
        await publish_raw(redis, b'{"order_id": "O-2"}')
        [letter] = await eventually(lambda: _letters(redis, 1))
        assert await eventually(lambda: seen)
        assert await eventually(lambda: _nothing_pending(redis))
    assert (letter.entry_id, letter.error) == (bad_id, "unparseable: KeyError: 'order_id'")
    assert seen == ["O-2"]


async def test_an_entry_whose_handler_keeps_failing_is_dead_lettered_then_replayed(
    redis_server: RedisServer, redis: aioredis.Redis
) -> None:
    good = events(4)
    poison = good.pop(1)
    poison_id = str(poison.event_id)
    healed = False

    async def handler(evt: Event) -> None:
        await record_attempt(redis, str(evt.event_id))
        if evt.event_id == poison.event_id and not healed:
            raise RuntimeError("ledger unavailable")
        await apply_effect(redis, str(evt.event_id))

    async with consuming(redis_server.url, redis, handler, dead_letter_after=3):
        entry_ids = [await publish(redis, evt) for evt in (good[0], poison, *good[1:])]
        [letter] = await eventually(lambda: _letters(redis, 1))
        for evt in good:
            assert await eventually(lambda e=evt: effect_count(redis, str(e.event_id))) == 1
        assert await eventually(lambda: _nothing_pending(redis))
        assert (letter.stream, letter.entry_id) == (STREAM, entry_ids[1])
        assert letter.error == "RuntimeError: ledger unavailable"
        assert letter.deliveries == 3
        assert await attempt_count(redis, poison_id) == 3
        assert await effect_count(redis, poison_id) == 0

        healed = True
        new_id = await replay_dead_letter(redis, SERVICE, letter.id)
        assert new_id is not None and new_id > entry_ids[-1]
        assert await eventually(lambda: effect_count(redis, poison_id)) == 1
        assert await list_dead_letters(redis, SERVICE) == []
        assert await eventually(lambda: _nothing_pending(redis))
    assert await attempt_count(redis, poison_id) == 4


async def test_replaying_a_dead_letter_that_does_not_exist_changes_nothing(
    redis: aioredis.Redis,
) -> None:
    dead_id = (await redis.xadd(DLQ, {"stream": STREAM, "payload": b"{}"})).decode()
    partial = dead_id.split("-")[0]
    for unknown in ("1-1", "not-an-id", partial + "-9"):
        assert await replay_dead_letter(redis, SERVICE, unknown) is None
    assert await redis.xlen(DLQ) == 1
    assert not await redis.exists(STREAM)


async def _letters(redis: aioredis.Redis, count: int) -> list:  # type: ignore[type-arg]
    letters = await list_dead_letters(redis, SERVICE)
    return letters if len(letters) >= count else []


async def _nothing_pending(redis: aioredis.Redis) -> bool:
    return not await pending(redis)
