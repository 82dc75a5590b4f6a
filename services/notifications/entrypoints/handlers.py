"""Stream handlers: requests from collections, and this service's own due timers."""

from __future__ import annotations

import structlog

from services.notifications.application.deliver import Notifier
from services.notifications.domain.decide import TIMER_KIND
from shared.contracts import Event
from shared.contracts.notifications import NotificationRequested
from shared.infra.runtime import Runtime
from shared.infra.timers import parse_timer
from shared.kernel.timer import Timer

log = structlog.get_logger("notifications")


def subscribe(rt: Runtime, notifier: Notifier) -> None:
    """Follow collections' outbound streams and the notifications due-timer streams."""

    async def on_collections_event(event: Event) -> None:
        if isinstance(event, NotificationRequested):
            await notifier.take(event)

    async def on_timer(timer: Timer) -> None:
        if timer.kind == TIMER_KIND:
            await notifier.timer_fired(timer)
        else:
            log.warning("unknown_timer_kind", kind=timer.kind, timer_id=timer.timer_id)

    rt.consumer.follow(rt.outbox_streams("collections"), on_collections_event)
    rt.consumer.follow(rt.due_streams(), on_timer, parse=parse_timer)
