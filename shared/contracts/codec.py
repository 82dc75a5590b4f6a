"""Parsing stored and wire JSON into events, through the upcasters."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from shared.contracts.envelope import EVENT_TYPES, Event

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
# (type, from_version) -> function producing the from_version + 1 shape
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


class UnknownEventType(ValueError):
    """The payload names a ``type`` that no contract defines."""


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


def parse_event(payload: bytes | str | dict[str, Any]) -> Event:
    """Parse one event of any registered type, upcasting old schema versions first."""
    raw = payload if isinstance(payload, dict) else decode_json(payload)
    kind = raw.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
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
    """Canonical JSON of an event: the bytes that are stored and hashed."""
    return evt.model_dump_json().encode()
