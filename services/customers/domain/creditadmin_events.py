"""What admins decide about a customer's credit, kept in its ``credit`` stream (private:
stored, never published). Each names who decided it; the rating an override gives is
published as ``CreditRated`` (rule ``override``), which collections follows.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from services.customers.domain.credit.approval import LimitRequest
from services.customers.domain.credit.policy import CustomerException
from shared.contracts.envelope import Event, domain_event


@domain_event("customers")
class CreditRatingOverridden(Event):
    """An admin (``set_by``) gave the customer ``grade`` for ``reason``, from ``set_on``
    until (not including) ``expires_on``; then the scorecard rates it again."""

    type: Literal["CreditRatingOverridden"] = "CreditRatingOverridden"
    customer_id: str
    grade: Literal["A", "B", "C", "D", "E"]
    reason: str
    set_by: str
    set_on: dt.date
    expires_on: dt.date


@domain_event("customers")
class CreditRatingOverrideEnded(Event):
    """An admin (``ended_by``) ended the override in force on ``ended_on``, before its
    expiry, for ``reason``: the scorecard rates the customer again from that day."""

    type: Literal["CreditRatingOverrideEnded"] = "CreditRatingOverrideEnded"
    customer_id: str
    ended_by: str
    reason: str
    ended_on: dt.date


@domain_event("customers")
class CreditLimitRequested(Event):
    """An exception raising the limit beyond the policy's ``second_admin_above`` waits for
    a second, different admin: ``request`` (status ``requested``) and the exception it
    would put in force."""

    type: Literal["CreditLimitRequested"] = "CreditLimitRequested"
    customer_id: str
    request: LimitRequest
    exception: CustomerException


@domain_event("customers")
class CreditLimitRequestDecided(Event):
    """The pending limit request was approved or rejected by another admin, or withdrawn
    by its requester (``request`` names both people and the day)."""

    type: Literal["CreditLimitRequestDecided"] = "CreditLimitRequestDecided"
    customer_id: str
    request: LimitRequest


@domain_event("customers")
class CreditExceptionSet(Event):
    """The customer's exception to its grade's terms is in force (``exception.set_by`` set
    it; ``limit_request`` says who approved its limit, when it changed the limit)."""

    type: Literal["CreditExceptionSet"] = "CreditExceptionSet"
    customer_id: str
    exception: CustomerException
    limit_request: LimitRequest | None = None


@domain_event("customers")
class CreditExceptionEnded(Event):
    """An admin ended the customer's exception: the grade's terms apply again."""

    type: Literal["CreditExceptionEnded"] = "CreditExceptionEnded"
    customer_id: str
    ended_by: str
    ended_on: dt.date
