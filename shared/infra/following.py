"""Following other services' outbound streams: integration events, and old entries skipped.

An outbound stream of an existing deployment may still hold entries of a type its
producer has since made private (``shared.contracts.codec.RETIRED_TYPES``): they are
neither garbage nor a contract any more. ``follow_events`` parses them as
:class:`Retired`, counts them (``huikuan_retired_events_skipped_total``) and acknowledges
them without calling the handler; anything else unparseable is dead-lettered as always.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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


ManyEvents = Callable[[list[Event]], Awaitable[Sequence[BaseException | None]]]


def skipping_retired_many(service: str, many: ManyEvents) -> ManyEvents:
    """``many`` over the batch's events; its retired entries are counted and skipped."""

    async def handle(items: list[Event]) -> Sequence[BaseException | None]:
        results: list[BaseException | None] = [None] * len(items)
        live = [i for i, item in enumerate(items) if not isinstance(item, Retired)]
        for item in items:
            if isinstance(item, Retired):
                RETIRED_SKIPPED.labels(service, item.type).inc()
                log.info("retired_event_skipped", type=item.type, producer=item.producer)
        if live:
            for i, error in zip(live, await many([items[i] for i in live]), strict=True):
                results[i] = error
        return results

    return handle


def follow_events(
    rt: Runtime,
    streams: Iterable[str],
    handler: Callable[[Event], Awaitable[None]],
    key: Callable[[Event], str] | None = None,
    many: ManyEvents | None = None,
) -> None:
    """Follow outbound ``streams`` with ``handler`` (keyed batches with ``key``; with
    ``many`` too, a batch's events of distinct keys go to ``many`` together)."""

    def key_of(item: Event | Retired) -> str:
        assert key is not None
        return item.aggregate_id if isinstance(item, Retired) else key(item)

    handle = skipping_retired(rt.service, handler)
    batch: Any = skipping_retired_many(rt.service, many) if many is not None else None
    rt.consumer.follow(streams, handle, parse_followed, key=key_of if key else None, many=batch)
