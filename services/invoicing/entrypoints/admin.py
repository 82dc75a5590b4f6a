"""Invoicing's own admin routes: ingest rejections and the invoice-number index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from services.invoicing.adapters.index import RedisInvoiceIndex
from services.invoicing.adapters.rejections import RedisRejectionLog, Rejection
from shared.web.auth import Principal, Role, require_roles

router = APIRouter(prefix="/admin", tags=["admin"])

Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Auditor = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]


def _rejections(request: Request) -> RedisRejectionLog:
    log: RedisRejectionLog = request.app.state.rejections
    return log


def _index(request: Request) -> RedisInvoiceIndex:
    index: RedisInvoiceIndex = request.app.state.invoice_index
    return index


Rejections = Annotated[RedisRejectionLog, Depends(_rejections)]
Index = Annotated[RedisInvoiceIndex, Depends(_index)]


@router.get("/ingest/rejections")
async def list_rejections(
    log: Rejections, _: Auditor, count: int = Query(100, ge=1, le=1000), after: str = "-"
) -> list[Rejection]:
    return await log.list(count, after)


@router.post("/ingest/rejections/{rejection_id}/replay")
async def replay_rejection(rejection_id: str, log: Rejections, _: Admin) -> dict[str, str]:
    new_id = await log.replay(rejection_id)
    if new_id is None:
        raise HTTPException(404, f"no rejection {rejection_id}")
    return {"replayed_as": new_id}


@router.post("/invoice-index/rebuild")
async def rebuild_index(index: Index, _: Admin) -> dict[str, int]:
    return {"invoices": await index.rebuild()}
