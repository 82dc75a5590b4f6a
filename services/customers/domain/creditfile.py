"""A customer's credit account: the facts its integrity record (诚信记录表) is derived from,
its open invoices, and the rating the scorecard gives them.

``command_for`` maps what customers follows (invoicing's and collections' integration
events) to a :class:`RecordFact`; ``decide`` records it (a fact already recorded changes
nothing) and re-rates the customer: when the scorecard gives another grade or score than
the last published, ``CreditRated`` says so with every factor's contribution. ``Rate``
(the monthly schedule, or an admin) re-rates on the day without a new fact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.customers.domain.credit.exposure import OrderFact
from services.customers.domain.credit.facts import (
    CreditFact,
    DisputeRaised,
    DisputeSettled,
    InvoicePaid,
    OpenItem,
    PromiseOutcome,
    SupplyHalt,
    SupplyResume,
)
from services.customers.domain.credit.integrity import (
    IntegrityRecord,
    integrity_record,
    supply_halted,
)
from services.customers.domain.credit.measures import RatingBasis, measure
from services.customers.domain.credit.policy import CreditPolicy, terms_for
from services.customers.domain.credit.rating import Rating, rate
from services.customers.domain.credit.rewards import PointsEntry, RewardsProgramme
from services.customers.domain.credit.scorecard import Grade, Scorecard
from services.customers.domain.creditadmin import (
    ADMIN_EVENTS,
    OVERRIDE_RULE,
    AdminCommand,
    CreditAdmin,
    DecideLimitRequest,
    EndCreditException,
    EndRatingOverride,
    OverrideRating,
    SetCreditException,
    decide_limit_request,
    end_exception,
    end_override,
    evolve_admin,
    override_rating,
    override_timer,
    set_exception,
)
from services.customers.domain.creditcheck import (
    CheckOrder,
    RecordOrder,
    Standing,
    decide_check,
    record_order,
)
from services.customers.domain.creditfile_events import (
    CreditInvoiceBalanceChanged,
    CreditInvoicePaid,
    CreditInvoiceTracked,
    CreditOrderRecorded,
    CreditPromiseTracked,
    CreditRecordLine,
    CreditReviewed,
)
from services.customers.domain.creditfile_rewards import (
    RecordSurveyEntry,
    RedeemPoints,
    business_survey,
    decide_redemption,
    decide_survey,
    points_for,
    rebates,
)
from services.customers.domain.creditfile_rewards_events import (
    CreditPointsEarned,
    CreditSurveyRecorded,
)
from shared.contracts import Event
from shared.contracts.collections import (
    DisputeResolved,
    InvoiceDisputed,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    SupplyHalted,
    SupplyResumed,
)
from shared.contracts.customers import CreditRated, FactorContribution, RewardCreditGranted
from shared.contracts.invoicing import InvoiceIssued, InvoiceSettled, PaymentReceived
from shared.contracts.money import Money
from shared.kernel import Decision, Timer, new_event

CREDIT_AGGREGATE = "credit"


class OpenInvoice(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: Money
    due_date: dt.date
    outstanding: Money
    disputed: bool = False
    issue_date: dt.date | None = None


class CreditState(BaseModel):
    """What the credit account holds: facts, open invoices, promises, the last rating."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    facts: tuple[CreditFact, ...] = ()
    invoices: dict[str, OpenInvoice] = {}
    promises: dict[str, tuple[Money, dt.date]] = {}
    first_trade: dt.date | None = None
    rated: CreditRated | None = None
    scored: CreditRated | None = None  # the last rating the scorecard gave (not an override)
    admin: CreditAdmin = CreditAdmin()
    reviewed: tuple[str, ...] = ()
    orders: tuple[OrderFact, ...] = ()
    survey: tuple[CreditSurveyRecorded, ...] = ()
    points: tuple[PointsEntry, ...] = ()
    grants: dict[str, RewardCreditGranted] = {}

    def grade_on(self, day: dt.date) -> Grade | None:
        """The grade credit control uses: an admin's override while it stands, else the
        scorecard's last published grade."""
        override = self.admin.override
        if override is not None and override.stands_on(day):
            return override.grade
        return self.scored.rating if self.scored else None

    @property
    def record(self) -> IntegrityRecord:
        return integrity_record(self.facts)

    def open_items(self) -> tuple[OpenItem, ...]:
        return tuple(
            OpenItem(
                invoice_id=i, outstanding=v.outstanding, due_date=v.due_date, disputed=v.disputed
            )
            for i, v in sorted(self.invoices.items())
            if v.outstanding.amount > 0
        )


def initial_credit(customer_id: str) -> CreditState:
    return CreditState(customer_id=customer_id)


class RecordFact(BaseModel):
    """An integration event customers follows, to be recorded in the credit account."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    event: Event


class Rate(BaseModel):
    """Re-rate the customer on ``now``'s day (the monthly schedule, or an admin's ask)."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    reason: str = "requested"
    month: str | None = None  # the monthly review's YYYY-MM (once per month)


CreditCommand = (
    RecordFact | Rate | RecordOrder | CheckOrder | AdminCommand | RecordSurveyEntry | RedeemPoints
)
FOLLOWED = (
    InvoiceIssued,
    PaymentReceived,
    InvoiceSettled,
    PromiseMade,
    PromiseKept,
    PromiseBroken,
    InvoiceDisputed,
    DisputeResolved,
    SupplyHalted,
    SupplyResumed,
)


def command_for(event: Event) -> RecordFact | None:
    if not isinstance(event, FOLLOWED):
        return None
    return RecordFact(customer_id=str(event.customer_id), event=event)


def decide_credit(
    state: CreditState,
    command: CreditCommand,
    now: dt.datetime,
    scorecard: Scorecard,
    policy: CreditPolicy | None = None,
    requested_by: str | None = None,
    rewards: RewardsProgramme | None = None,
) -> Decision:
    match command:
        case RecordSurveyEntry():
            return _then_rated(state, decide_survey(state, command, now), now, scorecard, "survey")
        case RedeemPoints():
            if rewards is None:
                raise ValueError("a redemption needs the rewards programme")
            return Decision(events=decide_redemption(state, command, now, rewards))
        case RecordOrder():
            return Decision(events=record_order(state.orders, command, now))
        case CheckOrder():
            if policy is None:
                raise ValueError("an order check needs the credit policy")
            return decide_check(standing(state, now.date()), command, now, policy, requested_by)
        case OverrideRating():
            return Decision(
                events=override_rating(command, now, scorecard),
                schedule=[override_timer(command.customer_id, command.expires_on)],
            )
        case EndRatingOverride():
            ended = end_override(state.admin, command, now)
            why = f"ended by {command.by}"  # the whole name is in the event; this may be cut
            rated = _then_rated(state, list(ended.events), now, scorecard, why)
            return Decision(events=rated.events, cancel=ended.cancel)
        case SetCreditException():
            if policy is None:
                raise ValueError("an exception needs the credit policy")
            day = now.date()
            limit_now = terms_for(
                policy, state.grade_on(day), command.currency, day, state.admin.exception
            ).credit_limit
            return Decision(events=set_exception(state.admin, command, now, policy, limit_now))
        case DecideLimitRequest():
            return Decision(events=decide_limit_request(state.admin, command, now))
        case EndCreditException():
            return Decision(events=end_exception(state.admin, command, now))
        case RecordFact():
            events = _recorded(state, command.event, now)
            if not events:
                return Decision()
            events += _points(state, events, now, rewards)
            rated = _then_rated(state, events, now, scorecard, command.event.type)
            return Decision(events=rated.events, schedule=[review_timer(state, now)])
        case Rate(month=None):
            return Decision(events=_rated(state, now, scorecard, command.reason))
        case Rate(month=month):
            return _monthly(state, str(month), now, scorecard, rewards)


def _then_rated(
    state: CreditState, events: list[Event], now: dt.datetime, card: Scorecard, reason: str
) -> Decision:
    """``events``, then the rating they lead to when it differs from the last published."""
    if not events:
        return Decision()
    after = state
    for e in events:
        after = evolve_credit(after, e)
    return Decision(events=[*events, *_rated(after, now, card, reason)])


def _points(
    state: CreditState, events: list[Event], now: dt.datetime, rewards: RewardsProgramme | None
) -> list[Event]:
    """The reward points the invoices these events record as paid earn."""
    return [
        earned
        for e in events
        if isinstance(e, CreditInvoicePaid)
        for earned in points_for(state, _paid_fact(e), now, rewards)
    ]


def _paid_fact(e: CreditInvoicePaid) -> InvoicePaid:
    return InvoicePaid(
        invoice_id=e.invoice_id, amount=e.amount, due_date=e.due_date, paid_on=e.paid_on
    )


def standing(state: CreditState, day: dt.date) -> Standing:
    return Standing(grade=state.grade_on(day), open_items=state.open_items(),
                    orders=state.orders, halted=supply_halted(state.facts),
                    exception=state.admin.exception)  # fmt: skip


REVIEW_TIMER_KIND = "credit_review"


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def review_timer(state: CreditState, now: dt.datetime) -> Timer:
    """The monthly re-rating: due on the 1st of next month (00:00 UTC), one id per month,
    so scheduling it again changes nothing."""
    due = first_of_next_month(now.date())
    return Timer(
        timer_id=f"credit-review:{state.customer_id}:{due:%Y-%m}",
        kind=REVIEW_TIMER_KIND,
        aggregate_id=state.customer_id,
        due_at=dt.datetime.combine(due, dt.time(), dt.UTC),
        payload={"month": f"{due:%Y-%m}"},
    )


def _monthly(
    state: CreditState,
    month: str,
    now: dt.datetime,
    card: Scorecard,
    rewards: RewardsProgramme | None = None,
) -> Decision:
    if month in state.reviewed:
        return Decision()
    rated = _rated(state, now, card, "monthly")
    rating = current_rating(state, now.date(), card)
    graded = {"grade": rating.grade, "score": rating.score} if isinstance(rating, Rating) else {}
    reviewed = new_event(CreditReviewed, now, customer_id=state.customer_id, month=month, **graded)
    after = state
    for e in rated:
        after = evolve_credit(after, e)
    rebate = rebates(after, month, now, rewards)
    return Decision(events=[*rated, reviewed, *rebate], schedule=[review_timer(state, now)])


def _recorded(state: CreditState, e: Event, now: dt.datetime) -> list[Event]:
    cid = state.customer_id
    day = e.occurred_at.date()
    match e:
        case InvoiceIssued() if e.invoice_id not in state.invoices:
            return [
                new_event(
                    CreditInvoiceTracked,
                    now,
                    customer_id=cid,
                    invoice_id=e.invoice_id,
                    amount=e.amount,
                    issue_date=e.issue_date,
                    due_date=e.due_date,
                )
            ]
        case PaymentReceived() if e.invoice_id in state.invoices:
            return [
                new_event(
                    CreditInvoiceBalanceChanged,
                    now,
                    customer_id=cid,
                    invoice_id=e.invoice_id,
                    outstanding=e.outstanding,
                )
            ]
        case InvoiceSettled() if e.invoice_id in state.invoices and not _paid(state, e.invoice_id):
            invoice = state.invoices[e.invoice_id]
            return [
                new_event(
                    CreditInvoicePaid,
                    now,
                    customer_id=cid,
                    invoice_id=e.invoice_id,
                    amount=invoice.amount,
                    due_date=invoice.due_date,
                    paid_on=e.settled_on,
                )
            ]
        case PromiseMade() if e.promise_id not in state.promises:
            return [
                new_event(
                    CreditPromiseTracked,
                    now,
                    customer_id=cid,
                    promise_id=e.promise_id,
                    amount=e.amount,
                    due_on=e.due_on,
                )
            ]
        case PromiseKept() | PromiseBroken() if e.promise_id in state.promises:
            kind = "promise_kept" if isinstance(e, PromiseKept) else "promise_broken"
            return _line(state, kind, e.promise_id, day, now)
        case InvoiceDisputed():
            return _line(state, "dispute_raised", e.invoice_id, e.raised_on or day, now)
        case DisputeResolved():
            kind = "dispute_credited" if e.outcome == "credited" else "dispute_upheld"
            return _line(state, kind, e.invoice_id, e.resolved_on or day, now)
        case SupplyHalted():
            return _line(state, "supply_halted", e.halt_id, day, now)
        case SupplyResumed():
            return _line(state, "supply_resumed", e.halt_id, day, now)
    return []


def _paid(state: CreditState, invoice_id: str) -> bool:
    return any(isinstance(f, InvoicePaid) and f.invoice_id == invoice_id for f in state.facts)


def _line(state: CreditState, kind: str, ref: str, on: dt.date, now: dt.datetime) -> list[Event]:
    fact = _fact_of(state, kind, ref, on)
    if fact is None or any(f.key == fact.key for f in state.facts):
        return []
    return [
        new_event(
            CreditRecordLine, now, customer_id=state.customer_id, kind=kind, reference=ref, on=on
        )
    ]


def _fact_of(state: CreditState, kind: str, ref: str, on: dt.date) -> CreditFact | None:
    if kind in ("promise_kept", "promise_broken"):
        if ref not in state.promises:
            return None
        amount, due_on = state.promises[ref]
        outcome = "kept" if kind == "promise_kept" else "broken"
        return PromiseOutcome(
            promise_id=ref, amount=amount, due_on=due_on, outcome=outcome, decided_on=on
        )
    if kind == "dispute_raised":
        return DisputeRaised(invoice_id=ref, raised_on=on)
    if kind in ("dispute_credited", "dispute_upheld"):
        outcome = "credited" if kind == "dispute_credited" else "upheld"
        return DisputeSettled(invoice_id=ref, resolved_on=on, outcome=outcome)
    if kind == "supply_halted":
        return SupplyHalt(halt_id=ref, halted_on=on)
    return SupplyResume(halt_id=ref, resumed_on=on)


def _rated(state: CreditState, now: dt.datetime, card: Scorecard, reason: str) -> list[Event]:
    """The scorecard's ``CreditRated`` when it differs from the last published; none while
    an admin's override stands. The first after an override says the override ended."""
    override = state.admin.override
    if override is not None and override.stands_on(now.date()):
        return []
    rating = current_rating(state, now.date(), card)
    if not isinstance(rating, Rating):
        return []
    last = state.rated
    if last and last.rule == OVERRIDE_RULE and override is not None:
        reason = f"override ended {override.ends_on}, scorecard again: {reason}"
    elif last and (last.rating, last.score, last.scorecard_version) == (
        rating.grade,
        rating.score,
        rating.scorecard_version,
    ):
        return []
    contributions = tuple(
        FactorContribution(
            factor=c.factor,
            value=None if c.value is None else str(c.value),
            band=c.band,
            points=c.points,
            weight=c.weight,
            contribution=str(c.contribution),
        )
        for c in rating.contributions
    )
    return [
        new_event(
            CreditRated,
            now,
            customer_id=state.customer_id,
            rating=rating.grade,
            score=rating.score,
            rule=f"scorecard:{rating.scorecard_id}"[:64],
            scorecard_version=rating.scorecard_version,
            as_of=rating.as_of,
            contributions=contributions,
            reason=reason[:64],
        )
    ]


def rating_basis(state: CreditState) -> RatingBasis:
    """What the scorecard rates the customer on (live, and when a candidate is tried)."""
    return RatingBasis(
        record=state.record,
        open_items=state.open_items(),
        survey=business_survey(state.survey),
        relationship_since=state.first_trade,
    )


def current_rating(state: CreditState, day: dt.date, card: Scorecard) -> Any:
    return rate(card, measure(card, day, rating_basis(state)))


def evolve_credit(state: CreditState, event: Event) -> CreditState:
    match event:
        case CreditInvoiceTracked():
            invoice = OpenInvoice(
                amount=event.amount,
                due_date=event.due_date,
                outstanding=event.amount,
                issue_date=event.issue_date,
            )
            first = min(filter(None, (state.first_trade, event.issue_date)))
            return state.model_copy(
                update={
                    "invoices": {**state.invoices, event.invoice_id: invoice},
                    "first_trade": first,
                }
            )
        case CreditInvoiceBalanceChanged():
            inv = state.invoices[event.invoice_id].model_copy(
                update={"outstanding": event.outstanding}
            )
            return state.model_copy(update={"invoices": {**state.invoices, event.invoice_id: inv}})
        case CreditInvoicePaid():
            fact = InvoicePaid(
                invoice_id=event.invoice_id,
                amount=event.amount,
                due_date=event.due_date,
                paid_on=event.paid_on,
            )
            inv = state.invoices[event.invoice_id].model_copy(
                update={"outstanding": Money(amount=Decimal(0), currency=event.amount.currency)}
            )
            return state.model_copy(
                update={
                    "facts": (*state.facts, fact),
                    "invoices": {**state.invoices, event.invoice_id: inv},
                }
            )
        case CreditPromiseTracked():
            terms = (event.amount, event.due_on)
            return state.model_copy(
                update={"promises": {**state.promises, event.promise_id: terms}}
            )
        case CreditRecordLine():
            line = _fact_of(state, event.kind, event.reference, event.on)
            return (
                state if line is None else state.model_copy(update={"facts": (*state.facts, line)})
            )
        case CreditRated():
            scored = state.scored if event.rule == OVERRIDE_RULE else event
            return state.model_copy(update={"rated": event, "scored": scored})
        case _ if isinstance(event, ADMIN_EVENTS):
            return state.model_copy(update={"admin": evolve_admin(state.admin, event)})
        case CreditOrderRecorded():
            return state.model_copy(update={"orders": (*state.orders, event.order)})
        case CreditReviewed():
            return state.model_copy(update={"reviewed": (*state.reviewed, event.month)})
        case CreditSurveyRecorded():
            return state.model_copy(update={"survey": (*state.survey, event)})
        case CreditPointsEarned():
            entry = PointsEntry(
                on=event.on, reference=event.invoice_id, points=event.points, why=event.why
            )
            return state.model_copy(update={"points": (*state.points, entry)})
        case RewardCreditGranted():
            return state.model_copy(update={"grants": {**state.grants, event.grant_id: event}})
    return state
