"""Every registered event survives its own wire JSON, and that JSON keeps the promises
the wire format makes: decimal strings for money, aware UTC envelope time, no personal
data field names, every field present, nothing a FastStream parser misreads."""

from __future__ import annotations

import importlib
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.contracts import EVENT_TYPES, STORED_TYPES, Event, encode_event, parse_event
from shared.contracts.codec import MalformedEvent, UnknownEventType, _at_once, parse_stored
from shared.web.schemas import event_json_schema
from tests.contract.strategies import events
from tests.support.factories import customer_registered

ROOT = Path(__file__).resolve().parents[2]


def _import_every_domain_event() -> None:
    """Import each module that declares domain events (``@domain_event``), so the stored
    types below are all of them, whatever other tests this run collected."""
    for path in sorted((ROOT / "services").rglob("*.py")):
        if "@domain_event(" in path.read_text(encoding="utf-8"):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))


_import_every_domain_event()
ALL_TYPES = sorted(EVENT_TYPES)
SCHEMAS = {t: event_json_schema(EVENT_TYPES[t]) for t in ALL_TYPES}
PERSONAL_FIELD_NAMES = {
    "name", "email", "phone", "address", "legal_name",
    "first_name", "last_name", "full_name", "email_address", "phone_number",
    "mobile", "postal_address", "street", "contact_name",
}  # fmt: skip


def keys_of(value: Any) -> set[str]:
    """Every object key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_of(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_of(v) for v in value))
    return set()


def money_objects(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if set(value) == {"amount", "currency"} else []
        return found + [m for v in value.values() for m in money_objects(v)]
    if isinstance(value, list):
        return [m for v in value for m in money_objects(v)]
    return []


@pytest.mark.parametrize("event_type", ALL_TYPES)
@given(data=st.data())
def test_every_event_parses_back_from_its_own_json_which_keeps_the_wire_promises(
    event_type: str, data: Any
) -> None:
    # One draw, every promise checked on it (drawing an event is most of the cost).
    event: Event = data.draw(events(EVENT_TYPES[event_type]))
    encoded = encode_event(event)
    assert encoded == event.model_dump_json().encode()  # the serializer's own bytes, as they were
    assert parse_event(encoded) == event
    assert parse_event(encoded.decode()) == event
    wire = json.loads(encoded)
    # no personal data field names, at any depth
    assert keys_of(wire) & PERSONAL_FIELD_NAMES == set()
    # every schema field, and nothing else; money as decimal strings; aware UTC time
    schema = SCHEMAS[event_type]
    assert set(wire) == set(schema["properties"]) == set(schema["required"])
    assert wire["type"] == event_type
    assert datetime.fromisoformat(wire["occurred_at"]).utcoffset().total_seconds() == 0
    for money in money_objects(wire):
        assert isinstance(money["amount"], str)
        assert Decimal(money["amount"]).is_finite()


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_event_schemas_declare_no_personal_data_fields(event_type: str) -> None:
    assert keys_of(event_json_schema(EVENT_TYPES[event_type])) & PERSONAL_FIELD_NAMES == set()


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_no_event_has_a_top_level_data_field_that_faststream_would_read_as_an_envelope(
    event_type: str,
) -> None:
    assert "data" not in EVENT_TYPES[event_type].model_fields


@pytest.mark.parametrize("event_type", sorted(STORED_TYPES))
# Draws a rule across fields refuses are rejected; a type none of whose draws passes
# still fails (Unsatisfiable), however many were rejected on the way.
@settings(max_examples=15, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_the_direct_parse_of_stored_bytes_gives_what_the_general_path_gives(
    event_type: str, data: Any
) -> None:
    # Bytes from Redis are validated straight from JSON when the head names a current
    # contract (codec._at_once); the general path (json.loads, upcasters, validation) must
    # agree on every event there is, domain events included.
    try:
        event: Event = data.draw(events(STORED_TYPES[event_type]))
    except ValidationError:  # a rule across a domain event's fields refused the draw
        reject()
    stored = encode_event(event)
    assert stored == event.model_dump_json().encode()
    direct = _at_once(stored, STORED_TYPES)
    assert direct is not None  # the head was recognised: this is the path taken
    assert direct == parse_stored(json.loads(stored)) == event
    assert direct.model_fields_set == parse_stored(json.loads(stored)).model_fields_set


def test_what_the_direct_parse_does_not_take_goes_the_general_way_with_its_errors() -> None:
    event = customer_registered("C-1")
    stored = encode_event(event)
    assert _at_once(stored.replace(b'"type":"', b' "type":"', 1), STORED_TYPES) is None
    with pytest.raises(MalformedEvent, match="not valid JSON"):
        parse_stored(stored[:-1])
    with pytest.raises(MalformedEvent, match="invalid CustomerRegistered"):
        parse_stored(stored.replace(b'"aggregate_version":', b'"aggregate_version":-', 1))
    with pytest.raises(UnknownEventType):
        parse_event(stored.replace(b'"type":"CustomerRegistered"', b'"type":"Nope"', 1))
