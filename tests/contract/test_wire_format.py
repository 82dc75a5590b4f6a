"""The wire format, proved with real Redis and other tools than Huikuan's own code:
a plain XADD of ``__data__`` JSON is read by FastStream's own parser as exactly that JSON,
and an ERP with nothing but ``redis-cli`` follows SupplyHalted with its own group."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import subprocess
import uuid
from decimal import Decimal
from typing import Any

from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisStreamMessage

from shared.contracts import Event, Money, encode_event, parse_event
from shared.contracts.collections import SupplyHalted
from shared.contracts.invoicing import InvoiceIssued
from shared.infra import keys
from shared.infra.eventstore import AppendRequest, EventStore, StreamRef

T0 = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
PARTITIONS = 4


def envelope(customer_id: str, version: int = 1) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid5(uuid.NAMESPACE_URL, f"{customer_id}/{version}"),
        "occurred_at": T0,
        "aggregate_id": customer_id,
        "aggregate_version": version,
        "correlation_id": uuid.uuid5(uuid.NAMESPACE_URL, customer_id),
    }


def supply_halted(customer_id: str) -> SupplyHalted:
    return SupplyHalted(
        **envelope(customer_id),
        producer="collections",
        policy_version="2026-11",
        rule="L4-halt-after-demand",
        customer_id=customer_id,
        halt_id=f"halt-{customer_id}-1",
        overdue=Money(amount=Decimal("48210.50"), currency="CNY"),
    )


def invoice_issued(customer_id: str) -> InvoiceIssued:
    return InvoiceIssued(
        **envelope(customer_id, 2),
        producer="invoicing",
        invoice_id="inv-发票-0042",
        customer_id=customer_id,
        external_number="发票-0042",
        amount=Money(amount=Decimal("1200"), currency="JPY"),
        issue_date=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 12, 1),
    )


def customer_in_partition(partition: int) -> str:
    return next(
        cid
        for cid in (f"C-{n}" for n in range(1000))
        if keys.partition_of(cid, PARTITIONS) == partition
    )


async def test_a_raw_xadd_of_event_json_reaches_a_faststream_handler_as_that_exact_json(
    redis_server: Any, redis: Any
) -> None:
    stream = keys.outbox(0, "collections")
    await redis.xgroup_create(stream, "erp", id="0", mkstream=True)
    received: asyncio.Queue[tuple[Any, bytes]] = asyncio.Queue()
    broker = RedisBroker(redis_server.url)

    @broker.subscriber(stream=StreamSub(stream, group="erp", consumer="erp-1", polling_interval=50))
    async def on_entry(body: dict[str, Any], msg: RedisStreamMessage) -> None:
        await received.put((body, msg.body))

    sent: list[Event] = [supply_halted("C-7"), invoice_issued("C-7")]
    async with broker:
        await broker.start()
        for event in sent:
            await redis.xadd(stream, {"__data__": encode_event(event)})
        got = [await asyncio.wait_for(received.get(), timeout=10) for _ in sent]
    for event, (body, raw) in zip(sent, got, strict=True):
        assert raw == encode_event(event)
        assert body == json.loads(encode_event(event))
        assert parse_event(raw) == event
    assert got[0][0]["overdue"] == {"amount": "48210.50", "currency": "CNY"}
    assert got[1][0]["external_number"] == "发票-0042"


def redis_cli(url: str, *args: str) -> list[str]:
    binary = shutil.which("redis-cli")
    assert binary is not None, "redis-cli is installed with redis-server"
    done = subprocess.run([binary, "-u", url, *args], capture_output=True, check=True, timeout=15)
    return done.stdout.decode().splitlines()


async def test_an_erp_follows_supply_halted_with_redis_cli_and_its_own_consumer_group(
    redis_server: Any, redis: Any
) -> None:
    customer = customer_in_partition(0)
    halted = supply_halted(customer)
    store = EventStore(redis, "collections", PARTITIONS)
    await store.append(AppendRequest(StreamRef("debtor", customer, customer), 0, [halted]))
    stream = "hk:{p00}:out:collections"  # exactly as docs/wire-format.md writes it

    assert redis_cli(redis_server.url, "XGROUP", "CREATE", stream, "erp", "0", "MKSTREAM") == ["OK"]
    lines = redis_cli(
        redis_server.url,
        *["XREADGROUP", "GROUP", "erp", "erp-1", "COUNT", "10", "BLOCK", "5000", "STREAMS"],
        stream,
        ">",
    )
    assert lines[0] == stream and lines[2] == "__data__"
    entry_id, payload = lines[1], lines[3]
    assert parse_event(payload) == halted
    assert json.loads(payload)["type"] == "SupplyHalted"
    assert redis_cli(redis_server.url, "XACK", stream, "erp", entry_id) == ["1"]
    assert (await redis.xpending(stream, "erp"))["pending"] == 0


def test_the_partition_function_gives_the_documented_test_vectors() -> None:
    documented = {
        ("C-1", 4): 0,
        ("C-2", 4): 3,
        ("ACME-001", 4): 1,
        ("客户-7", 4): 3,
        ("C-1", 16): 8,
    }
    assert {k: keys.partition_of(*k) for k in documented} == documented
    assert keys.outbox(keys.partition_of("C-1", 4), "collections") == "hk:{p00}:out:collections"
    assert keys.tag(7) == "{p07}"
