"""Admins' decisions on a customer's credit: a rating override for a time, and exceptions to
the grade's terms — a limit increase above the policy's ``second_admin_above`` waiting for a
second, different admin (``credit.approval``).

``decide_admin`` turns a command into events over :class:`CreditAdmin` (the part of the
credit account these decisions build); ``evolve_admin`` folds them back. The day is
``now``'s; request ids count the customer's requests (``LR-1``, ``LR-2``…), so a decision
draws no random id.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.customers.domain.credit.approval import (
    LimitRequest,
    approve,
    reject,
    request_limit,
    withdraw,
)
from services.customers.domain.credit.basic import UserName
from services.customers.domain.credit.errors import (
    CreditRecordNotFound,
    ExceptionExpiryNotAfterStart,
    LimitRequestPending,
    OverrideExpiryNotAfterStart,
)
from services.customers.domain.credit.policy import CreditPolicy, CustomerException, Percent
from services.customers.domain.credit.rating import RatingOverride
from services.customers.domain.credit.scorecard import Grade, Scorecard
from services.customers.domain.credit.text import FreeText
from services.customers.domain.creditadmin_events import (
    CreditExceptionEnded,
    CreditExceptionSet,
    CreditLimitRequestDecided,
    CreditLimitRequested,
    CreditRatingOverridden,
    CreditRatingOverrideEnded,
)
from shared.contracts import Event
from shared.contracts.customers import CreditRated
from shared.contracts.money import Money
from shared.kernel import Decision, Timer, new_event

OVERRIDE_RULE = "override"
OVERRIDE_TIMER_KIND = "credit_override_expiry"


class PendingLimit(BaseModel):
    """A limit request waiting for a second admin, and the exception it would put in force."""

    model_config = ConfigDict(frozen=True)

    request: LimitRequest
    exception: CustomerException


class CreditAdmin(BaseModel):
    """What admins decided: the last override, the exception in force, the pending limit
    request and every limit request decided (oldest first)."""

    model_config = ConfigDict(frozen=True)

    override: RatingOverride | None = None
    exception: CustomerException | None = None
    pending: PendingLimit | None = None
    requests: tuple[LimitRequest, ...] = ()

    def next_request_id(self) -> str:
        return f"LR-{len(self.requests) + (self.pending is not None) + 1}"


class OverrideRating(BaseModel):
    """Give the customer ``grade`` for ``reason`` from today until ``expires_on``."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    grade: Grade
    reason: FreeText
    expires_on: dt.date
    by: UserName


class EndRatingOverride(BaseModel):
    """End the override in force today, before its expiry, for ``reason``."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    reason: FreeText
    by: UserName


class SetCreditException(BaseModel):
    """Set the customer's exception to its grade's terms (fields left out keep the grade's)."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    credit_limit: Money | None = None
    payment_terms_days: int | None = Field(default=None, ge=0, le=365)
    prepayment_percent: Percent | None = None
    max_days_overdue: int | None = Field(default=None, ge=0)
    reason: FreeText
    expires_on: dt.date | None = None
    by: UserName
    currency: str = Field(description="the customer's account currency")


class EndCreditException(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    by: UserName


class DecideLimitRequest(BaseModel):
    """Approve or reject (another admin) or withdraw (its requester) a pending request."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    request_id: str
    decision: Literal["approve", "reject", "withdraw"]
    note: FreeText | None = None
    by: UserName


AdminCommand = (
    OverrideRating
    | EndRatingOverride
    | SetCreditException
    | EndCreditException
    | DecideLimitRequest
)


def override_rating(cmd: OverrideRating, now: dt.datetime, card: Scorecard) -> list[Event]:
    """The override and the ``CreditRated`` it publishes (rule ``override``; its score is the
    grade's lowest in ``card``: an override has no score of its own)."""
    day = now.date()
    if cmd.expires_on <= day:
        raise OverrideExpiryNotAfterStart(
            f"an override set on {day} must expire after it, not on {cmd.expires_on}"
        )
    overridden = new_event(
        CreditRatingOverridden, now, customer_id=cmd.customer_id, grade=cmd.grade,
        reason=cmd.reason, set_by=cmd.by, set_on=day, expires_on=cmd.expires_on,
    )  # fmt: skip
    rated = new_event(
        CreditRated, now, customer_id=cmd.customer_id, rating=cmd.grade,
        score=card.grades[cmd.grade], rule=OVERRIDE_RULE, as_of=day,
        reason=f"override by {cmd.by} until {cmd.expires_on}"[:64],
    )  # fmt: skip
    return [overridden, rated]


def override_timer(customer_id: str, expires_on: dt.date) -> Timer:
    """Re-rate on the override's expiry day (00:00 UTC): the scorecard's grade returns."""
    return Timer(
        timer_id=f"credit-override:{customer_id}:{expires_on}",
        kind=OVERRIDE_TIMER_KIND,
        aggregate_id=customer_id,
        due_at=dt.datetime.combine(expires_on, dt.time(), dt.UTC),
        payload={"expires_on": expires_on.isoformat()},
    )


def end_override(admin: CreditAdmin, cmd: EndRatingOverride, now: dt.datetime) -> Decision:
    """The override ends today: its expiry timer is cancelled (the caller re-rates at once).
    No override standing today: ``CreditRecordNotFound``."""
    override, day = admin.override, now.date()
    if override is None or not override.stands_on(day):
        raise CreditRecordNotFound(f"customer {cmd.customer_id} has no rating override in force")
    ended = new_event(CreditRatingOverrideEnded, now, customer_id=cmd.customer_id,
                      ended_by=cmd.by, reason=cmd.reason, ended_on=day)  # fmt: skip
    timer = override_timer(cmd.customer_id, override.expires_on)
    return Decision(events=[ended], cancel=[timer.timer_id])


def set_exception(
    admin: CreditAdmin,
    cmd: SetCreditException,
    now: dt.datetime,
    policy: CreditPolicy,
    limit_now: Money,
) -> list[Event]:
    """In force at once, unless its limit is an increase over ``limit_now`` (the limit in
    force today) larger than the policy lets one admin make: then it waits."""
    if admin.pending is not None:
        raise LimitRequestPending(
            f"limit request {admin.pending.request.request_id} waits for a second admin: "
            "approve, reject or withdraw it first"
        )
    day = now.date()
    if cmd.expires_on is not None and cmd.expires_on <= day:
        raise ExceptionExpiryNotAfterStart(
            f"an exception set on {day} must expire after it, not on {cmd.expires_on}"
        )
    fields = cmd.model_dump(exclude={"customer_id", "by", "currency"}, exclude_none=True)
    exception = CustomerException.model_validate({**fields, "set_by": cmd.by, "set_on": day})
    if cmd.credit_limit is None:
        return [new_event(CreditExceptionSet, now, customer_id=cmd.customer_id,
                          exception=exception)]  # fmt: skip
    request = request_limit(
        policy, admin.next_request_id(), limit_now, cmd.credit_limit, cmd.reason, cmd.by, day
    )
    if request.status == "requested":
        return [new_event(CreditLimitRequested, now, customer_id=cmd.customer_id,
                          request=request, exception=exception)]  # fmt: skip
    return [new_event(CreditExceptionSet, now, customer_id=cmd.customer_id,
                      exception=exception, limit_request=request)]  # fmt: skip


def decide_limit_request(
    admin: CreditAdmin, cmd: DecideLimitRequest, now: dt.datetime
) -> list[Event]:
    """The decision on the pending request; an approval puts its exception in force."""
    pending = admin.pending
    if pending is None or pending.request.request_id != cmd.request_id:
        decided = next((r for r in admin.requests if r.request_id == cmd.request_id), None)
        if decided is not None:
            return []  # decided already (a retried call): nothing new
        raise CreditRecordNotFound(f"no pending limit request {cmd.request_id}")
    day = now.date()
    if cmd.decision == "approve":
        request = approve(pending.request, cmd.by, day, cmd.note)
    elif cmd.decision == "reject":
        request = reject(pending.request, cmd.by, day, cmd.note or "rejected")
    else:
        request = withdraw(pending.request, cmd.by, day)
    events: list[Event] = [
        new_event(CreditLimitRequestDecided, now, customer_id=cmd.customer_id, request=request)
    ]
    if request.status == "approved":
        events.append(new_event(CreditExceptionSet, now, customer_id=cmd.customer_id,
                                exception=pending.exception, limit_request=request))  # fmt: skip
    return events


def end_exception(admin: CreditAdmin, cmd: EndCreditException, now: dt.datetime) -> list[Event]:
    if admin.exception is None:
        raise CreditRecordNotFound(f"customer {cmd.customer_id} has no credit exception")
    return [new_event(CreditExceptionEnded, now, customer_id=cmd.customer_id,
                      ended_by=cmd.by, ended_on=now.date())]  # fmt: skip


ADMIN_EVENTS = (
    CreditRatingOverridden,
    CreditRatingOverrideEnded,
    CreditLimitRequested,
    CreditLimitRequestDecided,
    CreditExceptionSet,
    CreditExceptionEnded,
)


def evolve_admin(admin: CreditAdmin, event: Event) -> CreditAdmin:
    match event:
        case CreditRatingOverridden():
            override = RatingOverride(
                grade=event.grade, reason=event.reason, set_by=event.set_by,
                set_on=event.set_on, expires_on=event.expires_on,
            )  # fmt: skip
            return admin.model_copy(update={"override": override})
        case CreditRatingOverrideEnded() if admin.override is not None:
            ended = admin.override.model_copy(update={
                "ended_on": event.ended_on, "ended_by": event.ended_by,
                "end_reason": event.reason})  # fmt: skip
            return admin.model_copy(update={"override": ended})
        case CreditLimitRequested():
            pending = PendingLimit(request=event.request, exception=event.exception)
            return admin.model_copy(update={"pending": pending})
        case CreditLimitRequestDecided():
            requests = (*admin.requests, event.request)
            return admin.model_copy(update={"pending": None, "requests": requests})
        case CreditExceptionSet():
            request = event.limit_request
            known = request is None or any(r.request_id == request.request_id
                                           for r in admin.requests)  # fmt: skip
            requests = admin.requests if known or request is None else (*admin.requests, request)
            return admin.model_copy(update={"exception": event.exception, "requests": requests})
        case CreditExceptionEnded():
            return admin.model_copy(update={"exception": None})
    return admin
