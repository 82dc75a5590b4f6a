"""Prometheus metrics shared by every service.

Metric labels carry service names, event types, outcomes and stream names only; never
ids or personal data (label values are unbounded otherwise, and they are not redacted).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

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
INTEREST_WITHHELD = Counter(
    "huikuan_interest_withheld_total",
    "Invoices whose late interest an interest run withheld: the jurisdiction pack's "
    "reference-rate table ends before today (no rate is guessed; update the pack).",
    ["service"],
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
TRANSIENT_FAILURES = Counter(
    "huikuan_transient_failures_total",
    "Handler or bookkeeping failures classified as transient (retried in place, never "
    "dead-lettered), by error type.",
    ["service", "error"],
)
TRANSIENT_WAITING = Gauge(
    "huikuan_entries_waiting_on_transient",
    "Entries whose handler is being retried in place after a transient failure.",
    ["service"],
)
TRANSIENT_STUCK = Gauge(
    "huikuan_entries_stuck_on_transient",
    "Entries that have waited longer than HUIKUAN_TRANSIENT_ALERT_AFTER_S on a transient "
    "failure (alert on this, not on dead letters).",
    ["service"],
)
RECLAIMED = Counter(
    "huikuan_entries_reclaimed_total",
    "Entries taken over from a consumer that left them idle (crashed or stopped).",
    ["service", "stream"],
)
TAKEN_OVER = Counter(
    "huikuan_entries_taken_over_total",
    "Entries a partition's reader took over before reading on: pending when it took the "
    "partition's lease, or left unhandled while its own lease was not fresh (a late "
    "heartbeat).",
    ["service", "stream"],
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
READY = Gauge(
    "huikuan_ready",
    "1 when /readyz would answer ready (started, not stopping, Redis takes writes), else 0; "
    "set on every /readyz answer and every /metrics scrape.",
    ["service"],
)
HTTP_REQUESTS = Counter(
    "huikuan_http_requests_total",
    "HTTP requests answered, by method, route template (never the raw path: ids stay out "
    "of labels; 'unmatched' for paths no route knows) and status.",
    ["service", "method", "route", "status"],
)
