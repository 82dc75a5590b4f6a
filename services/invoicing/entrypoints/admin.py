"""Invoicing's own admin routes: ingest rejections, the invoice-number index, and the
reconciliation of the ledger with collections."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel

from services.invoicing.application.ports import Rejection
from services.invoicing.application.reconcile import FollowedBalancesUnavailable, Report
from services.invoicing.domain.commands import CustomerId
from services.invoicing.entrypoints.deps import Wired
from shared.web.auth import Admin, Auditor
from shared.web.params import After, checked_stream_id

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/ingest/rejections")
async def list_rejections(
    wired: Wired, _: Auditor, after: After, count: int = Query(100, ge=1, le=1000)
) -> list[Rejection]:
    return await wired.rejections.list(count, after)


@router.post(
    "/ingest/rejections/{rejection_id}/replay",
    responses={400: {"description": "Not a stream id"}, 404: {"description": "No such"}},
)
async def replay_rejection(
    rejection_id: Annotated[str, Path(max_length=64)], wired: Wired, _: Admin
) -> dict[str, str]:
    new_id = await wired.rejections.replay(checked_stream_id(rejection_id, "id"))
    if new_id is None:
        raise HTTPException(404, f"no rejection {rejection_id}")
    return {"replayed_as": new_id}


@router.post("/invoice-index/rebuild")
async def rebuild_index(wired: Wired, _: Admin) -> dict[str, int]:
    return {"invoices": await wired.index.rebuild()}


@router.get("/ledger/reconcile", responses={503: {"description": "Collections unreachable"}})
async def reconcile(
    request: Request,
    wired: Wired,
    _: Auditor,
    customer_id: Annotated[list[CustomerId] | None, Query()] = None,
) -> Report:
    """Compare every invoice's outstanding amount with collections' (``agreed`` when there is
    no difference); collections is asked with the caller's own key."""
    key = request.headers.get("x-api-key") or request.headers.get("authorization", "")
    key = key.removeprefix("Bearer ").strip()
    customers = customer_id or await wired.index.customers()
    try:
        return await wired.reconcile(key, customers)
    except FollowedBalancesUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc


class InterestRun(BaseModel):
    customers: int
    charges_booked: int


@router.post("/ledger/interest-run")
async def run_interest(
    wired: Wired,
    _: Admin,
    through: dt.date | None = None,
    customer_id: Annotated[list[CustomerId] | None, Query()] = None,
) -> InterestRun:
    """Book late interest through ``through`` (default today) now, as the monthly run does;
    a period already booked is not booked again, however often (or concurrently) it runs."""
    customers = customer_id or await wired.index.customers()
    booked = 0
    for customer in customers:
        booked += await wired.invoicing.run_interest(customer, through)
    return InterestRun(customers=len(customers), charges_booked=booked)


class StatementRun(BaseModel):
    customers: int
    statements_issued: int


@router.post("/ledger/statement-run")
async def run_statements(
    wired: Wired,
    _: Admin,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    customer_id: Annotated[list[CustomerId] | None, Query()] = None,
) -> StatementRun:
    """Draw up statements now (default: last calendar month), as the monthly run does; a
    period already issued for a customer is not issued again."""
    customers = customer_id or await wired.index.customers()
    issued = 0
    for customer in customers:
        issued += await wired.invoicing.issue_statement(customer, period_from, period_to)
    return StatementRun(customers=len(customers), statements_issued=issued)
