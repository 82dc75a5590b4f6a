"""Prometheus metrics shared by every service.

Metric labels carry service names, event types, outcomes and stream names only; never
ids or personal data (label values are unbounded otherwise, and they are not redacted).
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

EVENTS_HANDLED = Counter(
    "huikuan_events_handled_total",
    "Events or commands handled by a subscriber, by outcome (ok, duplicate, error, dead).",
    ["service", "type", "outcome"],
)
EVENTS_APPENDED = Counter(
    "huikuan_events_appended_total",
    "Domain events appended to aggregate streams.",
    ["service", "type"],
)
DEAD_LETTERED = Counter(
    "huikuan_dead_lettered_total",
    "Messages moved to a dead-letter stream after too many failed deliveries.",
    ["service", "stream"],
)
HANDLER_SECONDS = Histogram(
    "huikuan_handler_seconds",
    "Time spent handling one message.",
    ["service", "type"],
)
TIMERS_FIRED = Counter(
    "huikuan_timers_fired_total",
    "Timers that came due and were moved to the due stream.",
    ["service"],
)
RETIRED_SKIPPED = Counter(
    "huikuan_retired_events_skipped_total",
    "Entries of a type its producer no longer publishes, skipped by a follower.",
    ["service", "type"],
)
