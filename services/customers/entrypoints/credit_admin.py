"""Admins' credit decisions and the scorecard trial.

``PUT /customers/{id}/credit/rating-override``: a grade for a reason until a day;
``DELETE`` of it (with a reason) ends it early: the scorecard rates the customer again;
``PUT``/``DELETE /customers/{id}/credit/exception``: the customer's exception to its grade's
terms — an exception raising the limit by more than the policy's ``second_admin_above``
answers 202 and waits until another admin approves it
(``POST …/credit/limit-requests/{request_id}/approval``; ``…/rejection``, or
``…/withdrawal`` by its requester); the requester approving answers 409
``second_approver_required``. ``GET /customers/{id}/credit/control`` shows where the grade
and terms come from. ``POST /admin/credit/scorecard-trial`` rates every customer with a
candidate scorecard beside the one in force and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.customers.application.credit_admin import CreditControl
from services.customers.domain.credit.policy import Percent
from services.customers.domain.credit.scorecard import Grade, Scorecard
from services.customers.domain.credit.text import FreeText
from services.customers.domain.credit.whatif import WhatIf
from services.customers.domain.creditadmin import (
    DecideLimitRequest,
    EndCreditException,
    EndRatingOverride,
    OverrideRating,
    SetCreditException,
)
from services.customers.domain.values import CustomerId
from services.customers.entrypoints.deps import Wired
from shared.config_files import ConfigRejected, parse_yaml_document
from shared.contracts.money import PositiveMoney
from shared.web.auth import Admin, Reader

router = APIRouter(tags=["credit"])
RequestId = Annotated[str, Field(pattern=r"^LR-[0-9]{1,9}$")]


class OverrideBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grade: Grade
    reason: FreeText
    expires_on: dt.date = Field(description="the scorecard rates the customer again this day")


class EndOverrideBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: FreeText


class ExceptionBody(BaseModel):
    """Fields left out keep the grade's terms; ``credit_limit`` in the customer's currency."""

    model_config = ConfigDict(extra="forbid")

    credit_limit: PositiveMoney | None = None
    payment_terms_days: int | None = Field(default=None, ge=0, le=365)
    prepayment_percent: Percent | None = None
    max_days_overdue: int | None = Field(default=None, ge=0)
    reason: FreeText
    expires_on: dt.date | None = None


class DecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: FreeText | None = None


class RejectionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: FreeText


@router.put("/customers/{customer_id}/credit/rating-override")
async def override_rating(
    customer_id: CustomerId, body: OverrideBody, who: Admin, wired: Wired
) -> CreditControl:
    """The grade stands (published as ``CreditRated``, rule ``override``) until
    ``expires_on``; that day the scorecard's grade is published again."""
    cmd = OverrideRating(customer_id=customer_id, by=who.name, **body.model_dump())
    return await wired.credit_admin.decide(cmd)


@router.delete(
    "/customers/{customer_id}/credit/rating-override",
    responses={404: {"description": "No rating override is in force"}},
)
async def end_override(
    customer_id: CustomerId, body: EndOverrideBody, who: Admin, wired: Wired
) -> CreditControl:
    """Ends the override in force today, before its expiry (``CreditRatingOverrideEnded``
    naming who and why): the scorecard's grade is published again at once (``CreditRated``,
    reason ``override ended <day>, scorecard again: …``) and the expiry timer is cancelled."""
    cmd = EndRatingOverride(customer_id=customer_id, by=who.name, reason=body.reason)
    return await wired.credit_admin.decide(cmd)


_WAITING: dict[int | str, dict[str, str]] = {
    202: {"description": "The limit increase waits for a second admin's approval"}
}


@router.put("/customers/{customer_id}/credit/exception", responses=_WAITING)
async def set_exception(
    customer_id: CustomerId, body: ExceptionBody, who: Admin, wired: Wired, response: Response
) -> CreditControl:
    """In force at once (200), or — a limit increase above the policy's
    ``second_admin_above`` — waiting for another admin (202, ``pending_limit_request``)."""
    cmd = SetCreditException(customer_id=customer_id, by=who.name, currency="",
                             **body.model_dump())  # fmt: skip
    control = await wired.credit_admin.decide(cmd)
    if control.pending_limit_request is not None:
        response.status_code = status.HTTP_202_ACCEPTED
    return control


@router.delete("/customers/{customer_id}/credit/exception")
async def end_exception(customer_id: CustomerId, who: Admin, wired: Wired) -> CreditControl:
    """The grade's terms apply again."""
    return await wired.credit_admin.decide(EndCreditException(customer_id=customer_id,
                                                              by=who.name))  # fmt: skip


async def _decide(
    wired: Wired, customer_id: str, request_id: str, decision: str, by: str, note: str | None
) -> CreditControl:
    cmd = DecideLimitRequest.model_validate(
        {
            "customer_id": customer_id,
            "request_id": request_id,
            "decision": decision,
            "note": note,
            "by": by,
        }
    )
    return await wired.credit_admin.decide(cmd)


@router.post("/customers/{customer_id}/credit/limit-requests/{request_id}/approval")
async def approve_limit(
    customer_id: CustomerId, request_id: RequestId, body: DecisionBody, who: Admin, wired: Wired
) -> CreditControl:
    """Another admin than the requester approves: the exception and its limit take effect."""
    return await _decide(wired, customer_id, request_id, "approve", who.name, body.note)


@router.post("/customers/{customer_id}/credit/limit-requests/{request_id}/rejection")
async def reject_limit(
    customer_id: CustomerId, request_id: RequestId, body: RejectionBody, who: Admin, wired: Wired
) -> CreditControl:
    """Another admin than the requester rejects it, saying why; nothing changes."""
    return await _decide(wired, customer_id, request_id, "reject", who.name, body.note)


@router.post("/customers/{customer_id}/credit/limit-requests/{request_id}/withdrawal")
async def withdraw_limit(
    customer_id: CustomerId, request_id: RequestId, who: Admin, wired: Wired
) -> CreditControl:
    """The requester takes the request back; nothing changes."""
    return await _decide(wired, customer_id, request_id, "withdraw", who.name, None)


@router.get("/customers/{customer_id}/credit/control")
async def get_credit_control(customer_id: CustomerId, _: Reader, wired: Wired) -> CreditControl:
    return await wired.credit_admin.control(customer_id)


class TrialBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scorecard_yaml: Annotated[str, Field(min_length=1, max_length=200_000)]
    as_of: dt.date | None = Field(default=None, description="the rating day; today if left out")


@router.post(
    "/admin/credit/scorecard-trial",
    responses={422: {"description": "The candidate scorecard is invalid"}},
)
async def try_scorecard(body: TrialBody, _: Admin, wired: Wired) -> WhatIf:
    """Per customer whose grade would change: from → to, with every factor's contribution
    under both scorecards; in total, how many customers per move. Writes nothing."""
    try:
        candidate = parse_yaml_document(body.scorecard_yaml, Scorecard, "candidate", "scorecard")
    except ConfigRejected as refused:
        raise HTTPException(
            422, {"error": "scorecard_refused", "problems": refused.problems}
        ) from None
    return await wired.credit_admin.try_scorecard(candidate, body.as_of)
