"""The business survey and the rewards of the credit file.

``POST /customers/{id}/credit-file/survey`` records an entry of the business condition
survey (经营状况调查表) — typed in by a collector (the source is the caller) or imported
by a system (``source`` names it and its reference); the scorecard's survey inputs use it.
``POST /customers/{id}/rewards/redemptions`` (admins) spends reward points for a credit
note, which invoicing books on the customer's account (``RewardCreditGranted``).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from services.customers.application.credit import CreditFile
from services.customers.domain.credit.facts import Ref
from services.customers.domain.credit.survey import (
    EnteredBy,
    Finding,
    ImportedFrom,
    SurveyEntry,
)
from services.customers.domain.credit.text import FreeText
from services.customers.domain.creditfile_rewards import RecordSurveyEntry
from services.customers.domain.values import CustomerId
from services.customers.entrypoints.deps import Wired
from shared.contracts.customers import RewardCreditGranted
from shared.web.auth import Admin, Recorder

router = APIRouter(prefix="/customers", tags=["credit"])


class SurveyEntryBody(BaseModel):
    """One finding and the day it refers to; ``source`` only when a system imports it."""

    model_config = ConfigDict(extra="forbid")

    entry_id: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    as_of: dt.date
    finding: Finding
    source: ImportedFrom | None = None
    note: FreeText | None = None


@router.post("/{customer_id}/credit-file/survey", status_code=status.HTTP_201_CREATED)
async def record_survey_entry(
    customer_id: CustomerId, body: SurveyEntryBody, who: Recorder, wired: Wired
) -> CreditFile:
    """Entries are kept, never overwritten: the same entry again changes nothing, another
    finding under a used ``entry_id`` is refused (409). Answers the credit file."""
    source = body.source or EnteredBy(user=who.name)
    entry = SurveyEntry(entry_id=body.entry_id, as_of=body.as_of, source=source,
                        finding=body.finding, note=body.note)  # fmt: skip
    cmd = RecordSurveyEntry(customer_id=customer_id, entry=entry, recorded_by=who.name)
    return await wired.credit.record_survey(cmd)


class RedemptionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    redemption_id: Ref
    points: int = Field(ge=1)


@router.post("/{customer_id}/rewards/redemptions", status_code=status.HTTP_201_CREATED)
async def redeem_points(
    customer_id: CustomerId, body: RedemptionBody, who: Admin, wired: Wired
) -> RewardCreditGranted:
    """Spend points (at least the programme's minimum, at most the balance: else 409
    ``not_enough_points``) for a credit note in the customer's currency at the programme's
    value per point, rounded down. The same redemption again answers the same grant."""
    return await wired.credit.redeem(customer_id, body.redemption_id, body.points, who.name)
