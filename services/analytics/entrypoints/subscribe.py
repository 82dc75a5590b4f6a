"""The streams analytics follows, in its own consumer group: the outbound streams of
invoicing, collections, notifications and customers (every partition).

Keyed batches by debtor: different debtors are folded concurrently, one debtor's facts in
order. An event that tells analytics nothing is acknowledged and forgotten.
"""

from __future__ import annotations

from services.analytics.application.container import Container
from services.analytics.domain.intake import FOLLOWED, subject_of
from shared.contracts import Event
from shared.infra.following import follow_events
from shared.infra.runtime import Runtime


def subscribe(rt: Runtime, wired: Container) -> None:
    async def on_event(event: Event) -> None:
        await wired.projection.fold(event)

    streams = [s for producer in FOLLOWED for s in rt.outbox_streams(producer)]
    follow_events(rt, streams, on_event, key=subject_of)
