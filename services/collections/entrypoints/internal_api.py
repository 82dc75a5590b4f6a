"""Routes for the other services (the internal key only): a debtor's standing, which
notifications re-checks a deferred or retried message against before sending it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.collections.application.standing import DebtorStanding
from services.collections.entrypoints.deps import Wired
from shared.web.auth import Internal

router = APIRouter(prefix="/internal/debtors", tags=["internal"])

CustomerId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/{customer_id}/standing")
async def get_standing(customer_id: CustomerId, _: Internal, wired: Wired) -> DebtorStanding:
    """The debtor now: supply halt, pending promise, plan, invoices (404 when unknown)."""
    return await wired.collections.standing(customer_id)
