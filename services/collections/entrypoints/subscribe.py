"""The streams collections follows: invoicing's, customers' and notifications' facts, and
its own review timers.

Keyed batches throughout: different debtors are handled concurrently, one debtor's facts
in order; a read batch of facts is applied batch-at-a-time (``Collections.follow_many``).
A due timer of another kind than the debtor review is dead-lettered at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.collections.application.container import Container
from services.collections.domain.review import TIMER_KIND
from shared.contracts import Event
from shared.infra.following import follow_events
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel import Timer

read_due_timer = timer_reader("collections", TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    """Follow the outbound streams collections reacts to (every partition) and its timers."""

    async def on_event(event: Event) -> None:
        await wired.collections.follow(event)

    async def on_events(events: list[Event]) -> Sequence[BaseException | None]:
        return await wired.collections.follow_many(events)

    async def on_timer(timer: Timer) -> None:
        await wired.collections.on_timer(timer)

    upstream = [*rt.outbox_streams("invoicing"), *rt.outbox_streams("customers")]
    streams = [*upstream, *rt.outbox_streams("notifications")]
    follow_events(rt, streams, on_event, key=debtor_of, many=on_events)
    rt.consumer.follow(rt.due_streams(), on_timer, read_due_timer, key=lambda t: t.aggregate_id)


def debtor_of(event: Event) -> str:
    """The debtor a followed fact is about (every followed family names its customer)."""
    return str(getattr(event, "customer_id", event.aggregate_id))
