"""Analytics' own admin routes: how far the projection is, and rebuilding it."""

from __future__ import annotations

from fastapi import APIRouter

from services.analytics.application.ports import Checkpoint
from services.analytics.application.projection import Rebuilt
from services.analytics.entrypoints.deps import Wired
from shared.web.auth import Admin, Auditor

router = APIRouter(prefix="/admin/projection", tags=["admin"])


@router.get("")
async def projection_status(wired: Wired, _: Auditor) -> list[Checkpoint]:
    """Per partition: facts held, the newest event folded, the last rebuild."""
    return await wired.projection.checkpoints()


@router.post("/rebuild")
async def rebuild_projection(wired: Wired, _: Admin) -> Rebuilt:
    """Drop the projection and fold every recorded event again from the outbound streams;
    reports answer 503 until it is done."""
    return await wired.projection.rebuild(await wired.clock.now())
