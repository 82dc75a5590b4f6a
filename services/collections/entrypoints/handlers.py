"""Stream handlers: invoicing's, customers' and notifications' facts, and review timers."""

from __future__ import annotations

from typing import Any

from services.collections.application.service import Collections
from shared.contracts import Event
from shared.infra.runtime import Runtime
from shared.infra.timers import parse_timer
from shared.kernel.timer import Timer


def subscribe(rt: Runtime, collections: Collections) -> None:
    """Follow the outbound streams collections reacts to (every partition) and its timers."""

    async def on_event(event: Event) -> None:
        await collections.follow(event)

    async def on_timer(timer: Timer) -> None:
        await collections.on_timer(timer)

    # Keyed batches: different debtors are handled concurrently, one debtor's facts in order.
    upstream = [*rt.outbox_streams("invoicing"), *rt.outbox_streams("customers")]
    rt.consumer.follow([*upstream, *rt.outbox_streams("notifications")], on_event, key=debtor_of)
    follow: Any = rt.consumer.follow  # typed for `object`; this handler gets Timers
    follow(rt.due_streams(), on_timer, parse_timer, key=lambda timer: timer.aggregate_id)


def debtor_of(event: Event) -> str:
    """The debtor a followed fact is about (every followed family names its customer)."""
    return str(getattr(event, "customer_id", event.aggregate_id))
