"""The envelope every integration event carries, and the registry that parses them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


class Event(BaseModel):
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


def event(family: str) -> Any:
    """Class decorator: register an event type under its literal ``type`` name."""

    def register(cls: type[E]) -> type[E]:
        name = cls.model_fields["type"].default
        if not isinstance(name, str) or not name:
            raise TypeError(f"{cls.__name__} needs a literal default for `type`")
        if name in EVENT_TYPES:
            raise TypeError(f"event type {name!r} registered twice")
        cls.family = family
        EVENT_TYPES[name] = cls
        return cls

    return register
