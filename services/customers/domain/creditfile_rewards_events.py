"""The credit file's private history of the business survey and reward points (stored in
the customer's ``credit`` stream, never published). A reward that becomes money leaves the
service as ``RewardCreditGranted`` (shared contract), which invoicing books."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from services.customers.domain.credit.survey import SurveyEntry
from shared.contracts.envelope import Event, domain_event


@domain_event("customers")
class CreditSurveyRecorded(Event):
    """An entry of the business condition survey (经营状况调查表), with its source and the
    day it refers to, recorded by ``recorded_by`` (the API key's name)."""

    type: Literal["CreditSurveyRecorded"] = "CreditSurveyRecorded"
    customer_id: str
    entry: SurveyEntry
    recorded_by: str = Field(max_length=64)


@domain_event("customers")
class CreditPointsEarned(Event):
    """Reward points for an invoice settled by its due date (more when early), under the
    rewards programme's ``programme_version``; once per invoice."""

    type: Literal["CreditPointsEarned"] = "CreditPointsEarned"
    customer_id: str
    invoice_id: str
    points: int = Field(ge=1)
    why: str = Field(max_length=64)
    on: dt.date
    programme_version: str = Field(max_length=32)
