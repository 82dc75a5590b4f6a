"""Admin routes every service has: simulated clock, dead letters, aggregate evidence."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from shared.infra.clock import ClockCannotGoBack, SimulatedClock
from shared.infra.deadletter import DeadLetter, list_dead_letters, replay_dead_letter
from shared.infra.eventstore import StreamRef
from shared.infra.runtime import Runtime
from shared.web.auth import Admin, Auditor
from shared.web.state import runtime_of

Running = Annotated[Runtime, Depends(runtime_of)]


class Advance(BaseModel):
    days: int = Field(default=0, ge=0, le=3660)
    hours: int = Field(default=0, ge=0, le=24 * 3660)
    minutes: int = Field(default=0, ge=0)


def admin_router(service: str) -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])

    @router.get("/clock")
    async def get_clock(rt: Running, _: Auditor) -> dict[str, str]:
        now = await rt.clock.now()
        return {"now": now.isoformat(), "kind": type(rt.clock).__name__}

    @router.post("/clock/advance")
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
        rt: Running, _: Auditor, count: int = Query(100, ge=1, le=1000)
    ) -> list[DeadLetter]:
        return await list_dead_letters(rt.redis, service, count)

    @router.post("/dead-letters/{dead_id}/replay")
    async def replay(rt: Running, dead_id: str, _: Admin) -> dict[str, str]:
        new_id = await replay_dead_letter(rt.redis, service, dead_id)
        if new_id is None:
            raise HTTPException(404, f"no dead letter {dead_id}")
        return {"replayed_as": new_id}

    @router.get("/aggregates/{aggregate_type}/{aggregate_id}/history")
    async def history(
        rt: Running,
        aggregate_type: str,
        aggregate_id: str,
        _: Auditor,
        partition_key: str | None = None,
    ) -> dict[str, Any]:
        store = rt.store
        ref = StreamRef(aggregate_type, aggregate_id, partition_key or aggregate_id)
        report = await store.verify(ref)
        return {"verified": report.ok, "problem": report.problem, "events": await store.export(ref)}

    return router
