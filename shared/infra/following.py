"""Following other services' outbound streams: integration events, and old entries skipped.

An outbound stream of an existing deployment may still hold entries of a type its
producer has since made private (``shared.contracts.codec.RETIRED_TYPES``): they are
neither garbage nor a contract any more. ``follow_events`` parses them as
:class:`Retired`, counts them (``huikuan_retired_events_skipped_total``) and acknowledges
them without calling the handler; anything else unparseable is dead-lettered as always.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import structlog

from shared.contracts import Event, RetiredEventType, parse_event
from shared.contracts.codec import decode_json
from shared.infra.metrics import RETIRED_SKIPPED
from shared.infra.runtime import Runtime

log = structlog.get_logger("bus")


@dataclass(frozen=True)
class Retired:
    """An entry of a retired type: what it was and which aggregate it was about."""

    type: str
    producer: str
    aggregate_id: str


def parse_followed(payload: bytes) -> Event | Retired:
    """An integration event, or a :class:`Retired` entry; anything else raises."""
    try:
        return parse_event(payload)
    except RetiredEventType as retired:
        aggregate_id = str(decode_json(payload).get("aggregate_id", ""))
        return Retired(retired.event_type, retired.producer, aggregate_id)


def skipping_retired(
    service: str, handler: Callable[[Event], Awaitable[None]]
) -> Callable[[Event | Retired], Awaitable[None]]:
    async def handle(item: Event | Retired) -> None:
        if isinstance(item, Retired):
            RETIRED_SKIPPED.labels(service, item.type).inc()
            log.info("retired_event_skipped", type=item.type, producer=item.producer)
            return
        await handler(item)

    handle.__name__ = getattr(handler, "__name__", "handler")
    return handle


def follow_events(
    rt: Runtime,
    streams: Iterable[str],
    handler: Callable[[Event], Awaitable[None]],
    key: Callable[[Event], str] | None = None,
) -> None:
    """Follow outbound ``streams`` with ``handler`` (keyed batches with ``key``)."""

    def key_of(item: Event | Retired) -> str:
        assert key is not None
        return item.aggregate_id if isinstance(item, Retired) else key(item)

    handle = skipping_retired(rt.service, handler)
    rt.consumer.follow(streams, handle, parse_followed, key=key_of if key else None)
