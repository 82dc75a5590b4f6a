"""The two-person rule for credit limits: a large increase waits for a second admin.

A change of limit is requested by an admin. An increase larger than the policy's
``second_admin_above`` (in the limit's currency) stays ``requested`` until another
admin approves or rejects it; the requester may withdraw it. Smaller increases and
decreases take effect at once. The same person never both asks and approves.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import StringConstraints

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.basic import UserName
from services.customers.domain.credit.errors import (
    LimitInOtherCurrency,
    NotTheRequester,
    RequestAlreadyDecided,
    SecondApproverRequired,
)
from services.customers.domain.credit.policy import CreditPolicy
from services.customers.domain.credit.text import FreeText
from shared.contracts.money import Money

Status = Literal["requested", "approved", "rejected", "withdrawn"]


class LimitRequest(Frozen):
    """A requested credit limit and how it was decided (who, when, why)."""

    request_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
    current_limit: Money
    requested_limit: Money
    reason: FreeText
    requested_by: UserName
    requested_on: dt.date
    needs_second_admin: bool
    status: Status = "requested"
    decided_by: UserName | None = None
    decided_on: dt.date | None = None
    note: FreeText | None = None


def request_limit(
    policy: CreditPolicy,
    request_id: str,
    current: Money,
    requested: Money,
    reason: str,
    by: str,
    on: dt.date,
) -> LimitRequest:
    """A new limit: in force at once, or waiting for a second admin if the increase is large."""
    if requested.currency != current.currency:
        raise LimitInOtherCurrency(f"the limit is in {current.currency}, not {requested.currency}")
    threshold = policy.second_admin_above.get(current.currency)
    increase = requested.amount - current.amount
    needs = threshold is None or increase > threshold
    request = LimitRequest(
        request_id=request_id,
        current_limit=current,
        requested_limit=requested,
        reason=reason,
        requested_by=by,
        requested_on=on,
        needs_second_admin=needs and increase > 0,
    )
    if request.needs_second_admin:
        return request
    return request.model_copy(update={"status": "approved", "decided_by": by, "decided_on": on})


def _decide(
    request: LimitRequest, status: Status, by: str, on: dt.date, note: str | None
) -> LimitRequest:
    if request.status != "requested":
        raise RequestAlreadyDecided(f"request {request.request_id} is already {request.status}")
    decided = {"status": status, "decided_by": by, "decided_on": on, "note": note}
    return LimitRequest.model_validate({**request.model_dump(), **decided})


def approve(request: LimitRequest, by: str, on: dt.date, note: str | None = None) -> LimitRequest:
    """A second admin approves: the requested limit takes effect."""
    if by == request.requested_by:
        raise SecondApproverRequired(f"{by} requested this limit; another admin must approve it")
    return _decide(request, "approved", by, on, note)


def reject(request: LimitRequest, by: str, on: dt.date, note: str) -> LimitRequest:
    """A second admin rejects it, saying why; the limit stays as it was."""
    if by == request.requested_by:
        raise SecondApproverRequired(f"{by} requested this limit; withdraw it instead")
    return _decide(request, "rejected", by, on, note)


def withdraw(request: LimitRequest, by: str, on: dt.date) -> LimitRequest:
    """The requester takes the request back before anyone decided it."""
    if by != request.requested_by:
        raise NotTheRequester(f"only {request.requested_by} can withdraw this request")
    return _decide(request, "withdrawn", by, on, None)


def limit_in_force(request: LimitRequest) -> Money:
    """The limit after this request: the requested one once approved, else the current."""
    return request.requested_limit if request.status == "approved" else request.current_limit
