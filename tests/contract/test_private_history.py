"""Collections' private history is stored, never published, and its old wire entries are
recognised as retired rather than garbage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.collections.domain import events as private
from shared.contracts import (
    EVENT_TYPES,
    STORED_TYPES,
    RetiredEventType,
    UnknownEventType,
    encode_event,
    parse_event,
    parse_stored,
)
from shared.infra.following import Retired, parse_followed

PRIVATE = ("DebtorRegistered", "DebtorRated", "DebtorInvoiceTracked", "DebtorPaymentApplied",
           "DebtorInvoiceClosed", "DebtorInvoiceOverdue", "PolicyAssigned")  # fmt: skip
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "history-main-f25142f.json"
SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def stored_by_main(kind: str) -> bytes:
    streams = json.loads(FIXTURE.read_text())["streams"]
    entries = (entry["data"] for stream in streams for entry in stream["entries"])
    return next(e for e in entries if json.loads(e)["type"] == kind).encode()


@pytest.mark.parametrize("kind", PRIVATE)
def test_a_private_event_is_stored_but_is_no_published_contract(kind: str) -> None:
    assert STORED_TYPES[kind] is getattr(private, kind)
    assert kind not in EVENT_TYPES
    assert not (SCHEMAS / f"{kind}.json").exists()


@pytest.mark.parametrize("kind", PRIVATE)
def test_what_main_stored_parses_back_to_the_same_bytes(kind: str) -> None:
    payload = stored_by_main(kind)
    event = parse_stored(payload)
    assert isinstance(event, STORED_TYPES[kind])
    assert encode_event(event) == payload


@pytest.mark.parametrize("kind", PRIVATE)
def test_an_old_private_entry_on_the_wire_is_retired_not_garbage(kind: str) -> None:
    payload = stored_by_main(kind)
    with pytest.raises(RetiredEventType, match="no longer published by collections"):
        parse_event(payload)
    followed = parse_followed(payload)
    assert isinstance(followed, Retired)
    assert (followed.type, followed.producer) == (kind, "collections")
    assert followed.aggregate_id == json.loads(payload)["aggregate_id"]


def test_a_type_nobody_ever_published_is_still_unknown() -> None:
    payload = stored_by_main("DebtorRated").replace(b'"DebtorRated"', b'"DebtorTeleported"')
    with pytest.raises(UnknownEventType) as raised:
        parse_followed(payload)
    assert not isinstance(raised.value, RetiredEventType)
