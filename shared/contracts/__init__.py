"""Integration events: the only vocabulary services share. One module per family.

(The envelope and codec also carry the domain events a service keeps private.)
"""

from shared.contracts import collections, customers, invoicing, notifications
from shared.contracts.codec import (
    MalformedEvent,
    RetiredEventType,
    UnknownEventType,
    encode_event,
    parse_event,
    parse_stored,
    upcaster,
)
from shared.contracts.envelope import EVENT_TYPES, STORED_TYPES, Event
from shared.contracts.money import Money

__all__ = [
    "EVENT_TYPES",
    "STORED_TYPES",
    "Event",
    "MalformedEvent",
    "Money",
    "RetiredEventType",
    "UnknownEventType",
    "collections",
    "customers",
    "encode_event",
    "invoicing",
    "notifications",
    "parse_event",
    "parse_stored",
    "upcaster",
]
