"""Invoicing's own admin routes: ingest rejections and the invoice-number index."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query

from services.invoicing.application.ports import Rejection
from services.invoicing.entrypoints.deps import Wired
from shared.web.auth import Admin, Auditor

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/ingest/rejections")
async def list_rejections(
    wired: Wired, _: Auditor, count: int = Query(100, ge=1, le=1000), after: str = "-"
) -> list[Rejection]:
    return await wired.rejections.list(count, after)


@router.post("/ingest/rejections/{rejection_id}/replay")
async def replay_rejection(rejection_id: str, wired: Wired, _: Admin) -> dict[str, str]:
    new_id = await wired.rejections.replay(rejection_id)
    if new_id is None:
        raise HTTPException(404, f"no rejection {rejection_id}")
    return {"replayed_as": new_id}


@router.post("/invoice-index/rebuild")
async def rebuild_index(wired: Wired, _: Admin) -> dict[str, int]:
    return {"invoices": await wired.index.rebuild()}
