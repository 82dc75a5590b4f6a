"""R8 routes: place, read and lift a legal hold; erase a customer's personal data.

Holds and erasures are an administrator's acts; auditors may read a hold. Every write
answers 200 with the state after it; a repeat changes nothing. An erasure under legal
hold answers 409 ``under_legal_hold`` naming the hold's reason.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from services.customers.application.views import ErasureView, LegalHoldView
from services.customers.domain.commands import ErasePersonalData, LiftLegalHold, PlaceLegalHold
from services.customers.domain.holds import Reference
from services.customers.domain.values import CustomerId
from services.customers.entrypoints.deps import Wired
from shared.contracts.customers import ErasureBasis, LegalHoldReason
from shared.web.auth import Admin, Auditor

router = APIRouter(prefix="/customers", tags=["customers"])


class LegalHoldBody(BaseModel):
    """Why the data must be kept and, optionally, the case number (no personal data)."""

    model_config = ConfigDict(extra="forbid")

    reason: LegalHoldReason
    reference: Reference = ""


class ErasureBody(BaseModel):
    """The legal basis of the erasure and, optionally, the request's ticket number."""

    model_config = ConfigDict(extra="forbid")

    basis: ErasureBasis
    reference: Reference = ""


@router.put("/{customer_id}/legal-hold")
async def place_legal_hold(
    customer_id: CustomerId, body: LegalHoldBody, who: Admin, wired: Wired
) -> LegalHoldView:
    """Keep the customer's data: erasure is refused until the hold is lifted."""
    cmd = PlaceLegalHold(customer_id=customer_id, **dict(body))
    return await wired.erasures.place_legal_hold(cmd, requested_by=who.name)


@router.get("/{customer_id}/legal-hold")
async def get_legal_hold(customer_id: CustomerId, _: Auditor, wired: Wired) -> LegalHoldView:
    return await wired.erasures.legal_hold(customer_id)


@router.delete("/{customer_id}/legal-hold")
async def lift_legal_hold(customer_id: CustomerId, who: Admin, wired: Wired) -> LegalHoldView:
    return await wired.erasures.lift_legal_hold(LiftLegalHold(customer_id=customer_id), who.name)


@router.post("/{customer_id}/erasure")
async def erase_personal_data(
    customer_id: CustomerId, body: ErasureBody, who: Admin, wired: Wired
) -> ErasureView:
    """Destroy the customer's data key: names and addresses read ``[erased]`` for ever."""
    cmd = ErasePersonalData(customer_id=customer_id, **dict(body))
    return await wired.erasures.erase(cmd, requested_by=who.name)
