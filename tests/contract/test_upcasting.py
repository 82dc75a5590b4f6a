"""An event stored in an old schema version is still readable: registered upcasters lift
the old JSON one version at a time before the current model validates it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

import pytest
from pydantic import Field

from shared.contracts import EVENT_TYPES, STORED_TYPES, Money, encode_event, parse_event, upcaster
from shared.contracts.codec import UPCASTERS, MalformedEvent, UnknownEventType
from shared.contracts.envelope import Event, event

FAKE = "FakeDepositTaken"

V1_PAYLOAD: dict[str, Any] = {
    "event_id": "5b0c8c52-3f0e-4c4e-8f8e-111111111111",
    "type": FAKE,
    "schema_version": 1,
    "occurred_at": "2026-11-02T17:00:00+08:00",
    "aggregate_id": "C-1",
    "aggregate_version": 3,
    "correlation_id": "5b0c8c52-3f0e-4c4e-8f8e-222222222222",
    "causation_id": None,
    "producer": "collections",
    "customer_id": "C-1",
    "deposit": "250.50",  # v1: a bare number, the currency implied (always CNY)
}


@pytest.fixture
def deposit_v2() -> Iterator[type[Event]]:
    """A contract at version 2 with an upcaster from version 1; removed afterwards."""

    @event("test")
    class FakeDepositTaken(Event):
        type: Literal["FakeDepositTaken"] = "FakeDepositTaken"
        schema_version: int = Field(default=2, ge=1)
        customer_id: str
        deposit: Money

    @upcaster(FAKE, from_version=1)
    def deposit_gets_a_currency(raw: dict[str, Any]) -> dict[str, Any]:
        raw["deposit"] = {"amount": raw["deposit"], "currency": "CNY"}
        return raw

    try:
        yield FakeDepositTaken
    finally:
        EVENT_TYPES.pop(FAKE, None)
        STORED_TYPES.pop(FAKE, None)
        UPCASTERS.pop((FAKE, 1), None)


def test_an_old_version_payload_parses_into_the_current_model(deposit_v2: type[Event]) -> None:
    parsed = parse_event(json.dumps(V1_PAYLOAD).encode())
    assert isinstance(parsed, deposit_v2)
    assert parsed.schema_version == 2
    assert parsed.deposit == Money(amount=Decimal("250.50"), currency="CNY")  # type: ignore[attr-defined]
    assert parsed.event_id == uuid.UUID(V1_PAYLOAD["event_id"])
    assert parsed.occurred_at.utcoffset().total_seconds() == 0
    assert json.loads(encode_event(parsed))["deposit"] == {"amount": "250.50", "currency": "CNY"}


def test_a_current_version_payload_is_not_upcast_again(deposit_v2: type[Event]) -> None:
    v1 = parse_event(json.dumps(V1_PAYLOAD).encode())
    assert parse_event(encode_event(v1)) == v1


def test_without_the_upcaster_the_old_shape_is_refused(deposit_v2: type[Event]) -> None:
    UPCASTERS.pop((FAKE, 1))
    with pytest.raises(MalformedEvent, match="deposit"):
        parse_event(json.dumps(V1_PAYLOAD).encode())


def test_the_test_contract_leaves_no_trace_in_the_registries() -> None:
    assert FAKE not in EVENT_TYPES and FAKE not in STORED_TYPES
    assert (FAKE, 1) not in UPCASTERS
    with pytest.raises(UnknownEventType):
        parse_event(json.dumps(V1_PAYLOAD).encode())
