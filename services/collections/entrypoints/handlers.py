"""Stream handlers: invoicing's, customers' and notifications' facts, and review timers."""

from __future__ import annotations

from typing import Any

from services.collections.application.service import Collections
from shared.contracts import Event
from shared.runtime import Runtime
from shared.timers import Timer, parse_timer


def subscribe(rt: Runtime, collections: Collections) -> None:
    """Follow the outbound streams collections reacts to (every partition) and its timers."""

    async def on_event(event: Event) -> None:
        await collections.follow(event)

    async def on_timer(timer: Timer) -> None:
        await collections.on_timer(timer)

    upstream = [*rt.outbox_streams("invoicing"), *rt.outbox_streams("customers")]
    rt.consumer.follow([*upstream, *rt.outbox_streams("notifications")], on_event)
    follow: Any = rt.consumer.follow  # typed for `object`; this handler gets Timers
    follow(rt.due_streams(), on_timer, parse_timer)
