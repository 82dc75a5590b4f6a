"""The debtor API: a debtor's state and timeline (now or as of a past instant), and the
verification of its history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import AwareDatetime

from services.collections.application.service import Collections
from services.collections.application.views import ChainReport, DebtorView
from shared.web.auth import Principal, Role, require_roles

router = APIRouter(prefix="/debtors", tags=["debtors"])

Reader = Annotated[Principal, Depends(require_roles(Role.COLLECTOR, Role.AUDITOR))]
Auditor = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]
CustomerId = Annotated[str, Path(min_length=1, max_length=64)]


def collections(request: Request) -> Collections:
    service: Collections = request.app.state.collections
    return service


Service = Annotated[Collections, Depends(collections)]


@router.get("/{customer_id}")
async def get_debtor(
    customer_id: CustomerId, _: Reader, service: Service, as_of: AwareDatetime | None = None
) -> DebtorView:
    """The debtor now, or ``as_of`` a past instant (its events up to then, folded)."""
    return await service.debtor(customer_id, as_of)


@router.get("/{customer_id}/verify")
async def verify_debtor(customer_id: CustomerId, _: Auditor, service: Service) -> ChainReport:
    return await service.verify(customer_id)
