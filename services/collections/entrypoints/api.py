"""The debtor API: a debtor's state and timeline (now or as of a past instant), and the
verification of its history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import AwareDatetime

from services.collections.application.views import ChainReport, DebtorView
from services.collections.entrypoints.deps import Wired
from shared.web.auth import Auditor, Reader

router = APIRouter(prefix="/debtors", tags=["debtors"])

CustomerId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/{customer_id}")
async def get_debtor(
    customer_id: CustomerId, _: Reader, wired: Wired, as_of: AwareDatetime | None = None
) -> DebtorView:
    """The debtor now, or ``as_of`` a past instant (its events up to then, folded)."""
    return await wired.collections.debtor(customer_id, as_of)


@router.get("/{customer_id}/verify")
async def verify_debtor(customer_id: CustomerId, _: Auditor, wired: Wired) -> ChainReport:
    return await wired.collections.verify(customer_id)
