"""Stream handlers: the invoicing and customers facts collections follows."""

from __future__ import annotations

from services.collections.application.service import Collections
from shared.contracts import Event
from shared.runtime import Runtime


def subscribe(rt: Runtime, collections: Collections) -> None:
    """Follow invoicing's and customers' outbound streams (every partition)."""

    async def on_event(event: Event) -> None:
        await collections.follow(event)

    rt.consumer.follow([*rt.outbox_streams("invoicing"), *rt.outbox_streams("customers")], on_event)
