"""What a handler logs while it handles a stream entry carries the entry's identity."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import redis.asyncio as aioredis

from shared.contracts import Event
from shared.infra.logging import get_logger
from tests.integration.bus.helpers import STREAM, consuming, eventually, pending, publish
from tests.support.factories import invoice_issued
from tests.support.log_capture import lines, logging_into
from tests.support.redis_server import RedisServer


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    with logging_into(stream, json=True):
        yield stream


def logged(stream: io.StringIO, event: str) -> list[dict[str, object]]:
    return [line for line in lines(stream) if line.get("event") == event]


async def test_lines_logged_while_handling_an_entry_name_it_and_lines_after_do_not(
    redis_server: RedisServer, redis: aioredis.Redis, captured: io.StringIO
) -> None:
    first, second = invoice_issued(), invoice_issued()
    log = get_logger("handler")
    handled: list[Event] = []

    async def handler(evt: Event) -> None:
        log.info("handling", invoice_id=evt.invoice_id)  # type: ignore[attr-defined]
        # a key the line sets itself wins over the entry's
        log.info("own_stream", stream="mine")
        logging.getLogger("faststream").warning("from a stdlib logger")
        handled.append(evt)

    async with consuming(redis_server.url, redis, handler):
        await publish(redis, first)
        await publish(redis, second)
        assert await eventually(lambda: _all_done(redis, handled))
    log.info("after")

    lines = logged(captured, "handling")
    assert len(lines) == 2
    for line, event in zip(lines, (first, second), strict=True):
        assert line["event_id"] == str(event.event_id)
        assert line["correlation_id"] == str(event.correlation_id)
        assert line["event_type"] == "InvoiceIssued"
        assert line["stream"] == STREAM
        assert line["invoice_id"] == event.invoice_id  # type: ignore[attr-defined]
    assert [line["stream"] for line in logged(captured, "own_stream")] == ["mine", "mine"]
    foreign = logged(captured, "from a stdlib logger")
    assert [line["event_id"] for line in foreign] == [str(first.event_id), str(second.event_id)]
    [after] = logged(captured, "after")
    assert "event_id" not in after and "stream" not in after


async def test_lines_a_batch_handler_logs_name_the_stream_it_reads(
    redis_server: RedisServer, redis: aioredis.Redis, captured: io.StringIO
) -> None:
    log = get_logger("handler")
    handled: list[Event] = []

    async def many(items: list[Event]) -> list[BaseException | None]:
        log.info("handling_batch", size=len(items))
        handled.extend(items)
        return [None] * len(items)

    async def one(evt: Event) -> None:
        handled.append(evt)

    key = lambda evt: str(evt.customer_id)  # noqa: E731
    async with consuming(redis_server.url, redis, one, key=key, many=many):
        await publish(redis, invoice_issued())
        assert await eventually(lambda: _all_done(redis, handled, 1))
    log.info("after")

    assert {line["stream"] for line in logged(captured, "handling_batch")} == {STREAM}
    [after] = logged(captured, "after")
    assert "stream" not in after


async def _all_done(redis: aioredis.Redis, handled: list[Event], n: int = 2) -> bool:
    return len(handled) == n and not await pending(redis)
