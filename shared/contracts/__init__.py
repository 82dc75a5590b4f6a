"""Integration events: the only vocabulary services share. One module per family."""

from shared.contracts import collections, customers, invoicing, notifications
from shared.contracts.codec import (
    MalformedEvent,
    UnknownEventType,
    encode_event,
    parse_event,
    upcaster,
)
from shared.contracts.envelope import EVENT_TYPES, Event
from shared.contracts.money import Money

__all__ = [
    "EVENT_TYPES",
    "Event",
    "MalformedEvent",
    "Money",
    "UnknownEventType",
    "collections",
    "customers",
    "encode_event",
    "invoicing",
    "notifications",
    "parse_event",
    "upcaster",
]
