"""The streams notifications follows: collections' requests, its own sends (the send log
the gate reads) and its own due timers (deferrals and retries).

A due timer of another kind than the gate's retry is dead-lettered at once.
"""

from __future__ import annotations

from services.notifications.application.container import Container
from services.notifications.domain.judge import TIMER_KIND
from services.notifications.entrypoints.statements import on_statement
from shared.contracts import Event
from shared.contracts.collections import ConversationRecorded
from shared.contracts.notifications import NotificationRequested, NotificationSent
from shared.infra.following import follow_events
from shared.infra.runtime import Runtime
from shared.infra.timers import timer_reader
from shared.kernel import Timer

read_due_timer = timer_reader("notifications", TIMER_KIND)


def subscribe(rt: Runtime, wired: Container) -> None:
    async def on_collections_event(event: Event) -> None:
        if isinstance(event, NotificationRequested):
            await wired.notifier.take(event)
        elif isinstance(event, ConversationRecorded):
            await wired.send_log.record_conversation(event)

    async def on_own_event(event: Event) -> None:
        if isinstance(event, NotificationSent):
            await wired.send_log.record(event)

    async def on_timer(timer: Timer) -> None:
        await wired.notifier.timer_fired(timer)

    follow_events(rt, rt.outbox_streams("notifications"), on_own_event)
    follow_events(rt, rt.outbox_streams("collections"), on_collections_event)
    follow_events(rt, rt.outbox_streams("invoicing"), on_statement(wired))
    rt.consumer.follow(rt.due_streams(), on_timer, read_due_timer)
