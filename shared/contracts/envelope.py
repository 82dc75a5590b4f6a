"""The envelope every event carries, and the registries that parse them.

``EVENT_TYPES`` are the integration events: the public contracts, published on outbound
streams, with JSON Schemas in docs/schemas. ``STORED_TYPES`` adds the domain events a
service keeps private in its own aggregate streams (``@domain_event``): the same
envelope and JSON shape, never published, free to change with the service.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from shared.kernel.copying import CheapCopy


class Event(CheapCopy):
    """Base of every integration event: a frozen fact with its envelope.

    ``aggregate_id`` is the debtor / customer / invoice the fact is about;
    ``aggregate_version`` its position in that aggregate's stream;
    ``correlation_id`` ties every event of one business flow together;
    ``causation_id`` is the event (or command) that directly caused this one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    family: ClassVar[str] = ""
    event_id: uuid.UUID
    type: str
    schema_version: int = Field(default=1, ge=1)
    occurred_at: AwareDatetime
    aggregate_id: str = Field(min_length=1, max_length=128)
    aggregate_version: int = Field(ge=1)
    correlation_id: uuid.UUID
    causation_id: uuid.UUID | None = None
    producer: str = Field(min_length=1, max_length=64)

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)


E = TypeVar("E", bound=Event)

EVENT_TYPES: dict[str, type[Event]] = {}
"""Integration events by ``type``: what services and outside systems may read."""
STORED_TYPES: dict[str, type[Event]] = {}
"""Every event an aggregate stream may hold: the integration events and the domain events."""


def event(family: str) -> Any:
    """Class decorator: register an integration event under its literal ``type`` name."""
    return _registering(family, EVENT_TYPES, STORED_TYPES)


def domain_event(service: str) -> Any:
    """Class decorator: register a domain event ``service`` keeps private (stored, never
    published)."""
    return _registering(service, STORED_TYPES)


def _registering(family: str, *registries: dict[str, type[Event]]) -> Any:
    def register(cls: type[E]) -> type[E]:
        name = cls.model_fields["type"].default
        if not isinstance(name, str) or not name:
            raise TypeError(f"{cls.__name__} needs a literal default for `type`")
        if any(name in registry for registry in registries):
            raise TypeError(f"event type {name!r} registered twice")
        cls.family = family
        for registry in registries:
            registry[name] = cls
        return cls

    return register


def is_integration(evt: Event) -> bool:
    """Whether ``evt`` is a public contract (published with its append)."""
    return EVENT_TYPES.get(evt.type) is type(evt)
