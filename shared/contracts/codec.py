"""Parsing stored and wire JSON into events, through the upcasters.

``parse_event`` reads the wire: integration events only. A type a service once published
and now keeps private (``RETIRED_TYPES``) raises :class:`RetiredEventType`, so a follower
can tell an old entry of an outbound stream from garbage. ``parse_stored`` reads an
aggregate stream: integration and domain events alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from shared.contracts.envelope import EVENT_TYPES, STORED_TYPES, Event
from shared.kernel.copying import json_bytes, validator_of

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
# (type, from_version) -> function producing the from_version + 1 shape
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


class UnknownEventType(ValueError):
    """The payload names a ``type`` that no contract defines."""


class RetiredEventType(UnknownEventType):
    """The payload names a type once published and now private to its producer."""

    def __init__(self, event_type: str, producer: str) -> None:
        super().__init__(f"{event_type!r} is no longer published by {producer}")
        self.event_type, self.producer = event_type, producer


RETIRED_TYPES: dict[str, str] = {}
"""Type name → the service that published it before keeping it private."""


def retired(producer: str, *event_types: str) -> None:
    """Record that ``producer`` no longer publishes ``event_types`` (they stay readable
    in its own streams as domain events)."""
    RETIRED_TYPES.update(dict.fromkeys(event_types, producer))


class MalformedEvent(ValueError):
    """The payload is not JSON, or does not match its contract."""


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function that lifts ``event_type`` from ``from_version`` one step up."""

    def register(fn: Upcaster) -> Upcaster:
        UPCASTERS[(event_type, from_version)] = fn
        return fn

    return register


def upcast(raw: dict[str, Any]) -> dict[str, Any]:
    version = int(raw.get("schema_version", 1))
    while (step := UPCASTERS.get((raw.get("type", ""), version))) is not None:
        raw = step(dict(raw))
        version += 1
        raw["schema_version"] = version
    return raw


def decode_json(payload: bytes | str) -> dict[str, Any]:
    try:
        raw = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedEvent(f"not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise MalformedEvent("expected a JSON object")
    return raw


# How ``encode_event`` begins every event it writes (pydantic dumps fields in order): the
# type and schema version are read from the head, without parsing the whole document.
_HEAD = re.compile(rb'\{"event_id":"[^"\\]*","type":"([^"\\]+)","schema_version":(\d+)[,}]')


def _at_once(payload: bytes, registry: dict[str, type[Event]]) -> Event | None:
    """The event, validated straight from its JSON bytes by pydantic's own parser (half the
    cost of ``json.loads`` and a validation of the dict) when the head says which contract
    it is and that no upcaster applies; None for anything else — another head, an old
    version, an invalid payload — which the general path then parses, with its errors."""
    head = _HEAD.match(payload)
    if head is None:
        return None
    kind = head[1].decode()
    cls = registry.get(kind)
    if cls is None or (kind, int(head[2])) in UPCASTERS:
        return None
    try:
        made: Event = validator_of(cls).validate_json(payload)  # ``cls.model_validate_json``
    except ValidationError:
        return None
    return made


def parse_event(payload: bytes | str | dict[str, Any]) -> Event:
    """Parse one integration event, upcasting old schema versions first."""
    if type(payload) is bytes and (parsed := _at_once(payload, EVENT_TYPES)) is not None:
        return parsed
    raw = payload if isinstance(payload, dict) else decode_json(payload)
    kind = raw.get("type")
    if isinstance(kind, str) and kind in RETIRED_TYPES and kind not in EVENT_TYPES:
        raise RetiredEventType(kind, RETIRED_TYPES[kind])
    return _parse(raw, EVENT_TYPES)


def parse_stored(payload: bytes | str | dict[str, Any]) -> Event:
    """Parse one event of an aggregate stream (integration or domain event)."""
    if type(payload) is bytes and (parsed := _at_once(payload, STORED_TYPES)) is not None:
        return parsed
    raw = payload if isinstance(payload, dict) else decode_json(payload)
    return _parse(raw, STORED_TYPES)


def _parse(raw: dict[str, Any], registry: dict[str, type[Event]]) -> Event:
    kind = raw.get("type")
    cls = registry.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise UnknownEventType(f"unknown event type {kind!r}")
    try:
        return cls.model_validate(upcast(raw))
    except ValidationError as exc:
        raise MalformedEvent(f"invalid {kind}: {_summary(exc)}") from exc


def _summary(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
        for err in exc.errors()[:10]
    )


def encode_event(evt: Event) -> bytes:
    """Canonical JSON of an event: the bytes that are stored and hashed, what
    ``evt.model_dump_json().encode()`` gives (a test holds the two equal for every event
    type)."""
    return json_bytes(evt)
