"""Admin routes every service has: simulated clock, dead letters, aggregate evidence."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, Field

from shared.infra import keys
from shared.infra.clock import ClockCannotGoBack, SimulatedClock
from shared.infra.deadletter import (
    DeadLetter,
    ServiceDeadLetter,
    list_dead_letters,
    list_every_dead_letter,
    replay_dead_letter,
)
from shared.infra.eventstore import StreamRef
from shared.infra.runtime import Runtime
from shared.web.auth import Admin, Auditor
from shared.web.params import After, checked_stream_id
from shared.web.state import runtime_of

Running = Annotated[Runtime, Depends(runtime_of)]
# Aggregate types and ids name Redis keys: plain ASCII only.
AggregateType = Annotated[str, Path(pattern=r"^[a-z][a-z_]{0,31}$")]
AggregateId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
PartitionKey = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$",
        description="the id the aggregate is partitioned by (found from the store if absent)",
    ),
]


class Advance(BaseModel):
    days: int = Field(default=0, ge=0, le=3660)
    hours: int = Field(default=0, ge=0, le=24 * 3660)
    minutes: int = Field(default=0, ge=0, le=24 * 60 * 3660)


@cache
def _key_landing_in(partition: int, partitions: int) -> str:
    """A partition key that maps to ``partition`` (the store names streams by key)."""
    return next(
        f"p{n}" for n in range(1_000_000) if keys.partition_of(f"p{n}", partitions) == partition
    )


async def _located(rt: Runtime, aggregate_type: str, aggregate_id: str) -> StreamRef | None:
    """The aggregate's stream, found by asking every partition whether it holds it."""
    partitions = rt.settings.partitions
    async with rt.redis.pipeline(transaction=False) as pipe:
        for p in range(partitions):
            pipe.exists(keys.aggregate_stream(p, aggregate_type, aggregate_id))
        found = [p for p, exists in enumerate(await pipe.execute()) if exists]
    if len(found) != 1:
        return None  # none; two would be a store written with another partition count
    return StreamRef(aggregate_type, aggregate_id, _key_landing_in(found[0], partitions))


def admin_router(service: str) -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])

    @router.get("/clock")
    async def get_clock(rt: Running, _: Auditor) -> dict[str, str]:
        now = await rt.clock.now()
        return {"now": now.isoformat(), "kind": type(rt.clock).__name__}

    @router.post("/clock/advance", responses={409: {"description": "The clock is not simulated"}})
    async def advance_clock(rt: Running, body: Advance, _: Admin) -> dict[str, str]:
        clock = rt.clock
        if not isinstance(clock, SimulatedClock):
            raise HTTPException(409, "the clock is not simulated (HUIKUAN_CLOCK=simulated)")
        delta = timedelta(days=body.days, hours=body.hours, minutes=body.minutes)
        try:
            now = await clock.advance(delta)
        except ClockCannotGoBack as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"now": now.isoformat()}

    @router.get("/dead-letters")
    async def dead_letters(
        rt: Running, _: Auditor, after: After, count: int = Query(100, ge=1, le=1000)
    ) -> list[DeadLetter]:
        """This service's dead letters, oldest first (``after`` pages on)."""
        return await list_dead_letters(rt.redis, service, count, after)

    @router.get("/dead-letters/all")
    async def every_dead_letter(
        rt: Running, _: Auditor, count: int = Query(100, ge=1, le=1000)
    ) -> list[ServiceDeadLetter]:
        """Every service's dead letters in one list (at most ``count`` per service), oldest
        first, each naming its service; replay one through that service or the CLI."""
        return await list_every_dead_letter(rt.redis, count)

    @router.post(
        "/dead-letters/{dead_id}/replay",
        responses={400: {"description": "Not a stream id"}, 404: {"description": "No such"}},
    )
    async def replay(
        rt: Running, dead_id: Annotated[str, Path(max_length=64)], _: Admin
    ) -> dict[str, str]:
        new_id = await replay_dead_letter(rt.redis, service, checked_stream_id(dead_id, "id"))
        if new_id is None:
            raise HTTPException(404, f"no dead letter {dead_id} in {keys.dead_letter(service)}")
        return {"replayed_as": new_id}

    @router.get(
        "/aggregates/{aggregate_type}/{aggregate_id}/history",
        responses={404: {"description": "No stream holds this aggregate"}},
    )
    async def history(
        rt: Running,
        aggregate_type: AggregateType,
        aggregate_id: AggregateId,
        _: Auditor,
        partition_key: PartitionKey = None,
    ) -> dict[str, Any]:
        """The aggregate's stored events with their chain hashes, and whether the chain
        verifies. Without ``partition_key`` the store is asked which partition holds it."""
        if partition_key is None:
            ref = await _located(rt, aggregate_type, aggregate_id)
        else:
            ref = StreamRef(aggregate_type, aggregate_id, partition_key)
            ref = ref if await rt.redis.exists(rt.store.stream_key(ref)) else None
        if ref is None:
            where = f"partition key {partition_key!r}" if partition_key else "any partition"
            raise HTTPException(
                404, f"no {aggregate_type} {aggregate_id!r} in {service}'s store under {where}"
            )
        report = await rt.store.verify(ref)
        return {
            "verified": report.ok,
            "problem": report.problem,
            "events": await rt.store.export(ref),
        }

    return router
