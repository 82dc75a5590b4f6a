"""The credit account's business survey and rewards: what a collector or an import tells of
the customer's business (经营状况调查表), and the reward points (回款奖励) its payments earn.

- A survey entry is recorded once per ``entry_id`` (the same entry again changes nothing;
  another entry under a used id is refused); the scorecard's survey inputs (years in
  business, current ratio) read the entries known on the rating day.
- Points are earned when an invoice's settlement is recorded (once per invoice, as the
  programme in force says) and spent by an admin's redemption, which becomes a credit
  note in invoicing (``RewardCreditGranted``); a redemption id used again with the same
  points changes nothing.
- The rebate (返利): when the monthly review opens a new period, a customer whose grade
  the programme names earns its percent of the closed period's purchases (invoices issued
  in it), per currency, once per period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.customers.domain.credit.errors import CreditConflict
from services.customers.domain.credit.facts import InvoicePaid, Ref
from services.customers.domain.credit.rewards import (
    PointsEntry,
    Redemption,
    RewardsAccount,
    RewardsProgramme,
    period_of,
    rebate_for,
    redeem,
    rewards_account,
)
from services.customers.domain.credit.survey import BusinessSurvey, SurveyEntry
from services.customers.domain.creditfile_rewards_events import (
    CreditPointsEarned,
    CreditSurveyRecorded,
)
from shared.contracts import Event
from shared.contracts.customers import RewardCreditGranted, RewardPointsChanged
from shared.contracts.money import Money
from shared.kernel import new_event

if TYPE_CHECKING:
    from services.customers.domain.creditfile import CreditState


class SurveyEntryConflict(CreditConflict):
    """A survey entry id names one entry: another entry under it is refused."""

    code = "survey_entry_conflict"


class RedemptionConflict(CreditConflict):
    """A redemption id names one redemption: other points under it are refused."""

    code = "redemption_conflict"


class RecordSurveyEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    entry: SurveyEntry
    recorded_by: str = Field(max_length=64)


class RedeemPoints(BaseModel):
    """Spend ``points`` for a credit note in ``currency`` (the customer's)."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    redemption_id: Ref
    points: int = Field(ge=1)
    currency: str
    redeemed_by: str = Field(max_length=64)


def business_survey(records: Iterable[CreditSurveyRecorded]) -> BusinessSurvey:
    survey = BusinessSurvey()
    for record in records:
        survey = survey.add(record.entry)
    return survey


def decide_survey(state: CreditState, cmd: RecordSurveyEntry, now: dt.datetime) -> list[Event]:
    earlier = next((r for r in state.survey if r.entry.entry_id == cmd.entry.entry_id), None)
    if earlier is not None:
        if earlier.entry != cmd.entry:
            raise SurveyEntryConflict(
                f"survey entry {cmd.entry.entry_id} was recorded before with other content; "
                "record a new finding under a new entry id"
            )
        return []
    recorded = new_event(
        CreditSurveyRecorded,
        now,
        customer_id=state.customer_id,
        entry=cmd.entry,
        recorded_by=cmd.recorded_by,
    )
    return [recorded]


def points_for(
    state: CreditState, paid: InvoicePaid, now: dt.datetime, programme: RewardsProgramme | None
) -> list[Event]:
    """The points ``paid`` earns under ``programme`` (none without a programme), each
    recorded and published with the balance after it (``RewardPointsChanged``)."""
    if programme is None or paid.invoice_id in {e.reference for e in state.points}:
        return []
    balance = rewards_of(state).balance
    events: list[Event] = []
    for entry in rewards_account(programme, [paid]).entries:
        balance += entry.points
        events.append(new_event(
            CreditPointsEarned, now, customer_id=state.customer_id, invoice_id=entry.reference,
            points=entry.points, why=entry.why, on=entry.on, programme_version=programme.version,
        ))  # fmt: skip
        events.append(points_changed(state, "earned", entry.reference, entry.points, entry.on,
                                     balance, programme.version, now))  # fmt: skip
    return events


def points_changed(
    state: CreditState, kind: Literal["earned", "redeemed"], reference: str, change: int,
    on: dt.date, balance: int, version: str, now: dt.datetime,
) -> RewardPointsChanged:  # fmt: skip
    """What invoicing keeps to show the points balance on the customer's statement."""
    return new_event(
        RewardPointsChanged, now, customer_id=state.customer_id, kind=kind, reference=reference,
        change=change, on=on, balance=balance, programme_version=version,
    )  # fmt: skip


def rewards_of(state: CreditState) -> RewardsAccount:
    """Points earned and spent, in date order; ``balance`` is what may be redeemed."""
    spent = [
        PointsEntry(on=g.granted_on, reference=g.grant_id, points=-(g.points or 0), why="redeemed")
        for g in state.grants.values()
        if g.kind == "points_redeemed"
    ]
    entries = sorted((*state.points, *spent), key=lambda e: (e.on, e.reference))
    return RewardsAccount(entries=tuple(entries))


def decide_redemption(
    state: CreditState, cmd: RedeemPoints, now: dt.datetime, programme: RewardsProgramme
) -> list[Event]:
    grant_id = f"redeem:{cmd.redemption_id}"
    earlier = state.grants.get(grant_id)
    if earlier is not None:
        if earlier.points != cmd.points:
            raise RedemptionConflict(
                f"redemption {cmd.redemption_id} spent {earlier.points} points, not {cmd.points}"
            )
        return []
    redemption: Redemption = redeem(
        programme, rewards_of(state), grant_id, cmd.points, cmd.currency, now.date()
    )
    granted = new_event(
        RewardCreditGranted,
        now,
        customer_id=state.customer_id,
        grant_id=grant_id,
        kind="points_redeemed",
        credit=redemption.credit,
        granted_on=redemption.redeemed_on,
        points=redemption.points,
        programme_version=programme.version,
        granted_by=cmd.redeemed_by,
    )
    balance = rewards_of(state).balance - redemption.points
    spent = points_changed(state, "redeemed", grant_id, -redemption.points,
                           redemption.redeemed_on, balance, programme.version, now)  # fmt: skip
    return [granted, spent]


def rebates(
    state: CreditState, month: str, now: dt.datetime, programme: RewardsProgramme | None
) -> list[Event]:
    """At the review of ``month``: the rebate of the period that just closed, if any."""
    rule = programme.rebate if programme else None
    if programme is None or rule is None:
        return []
    first = dt.date.fromisoformat(f"{month}-01")
    last_day = first - dt.timedelta(days=1)
    grade = state.grade_on(last_day)  # an admin's override counts while it stands
    if grade is None:
        return []
    closed = period_of(last_day, rule.period)
    if period_of(first, rule.period) == closed:
        return []  # the period is still running
    purchases: dict[str, Decimal] = {}
    for invoice in state.invoices.values():
        if invoice.issue_date and period_of(invoice.issue_date, rule.period) == closed:
            currency = invoice.amount.currency
            purchases[currency] = purchases.get(currency, Decimal(0)) + invoice.amount.amount
    events: list[Event] = []
    for currency, amount in sorted(purchases.items()):
        grant_id = f"rebate:{closed}:{currency}"
        money = Money(amount=amount, currency=currency)
        rebate = rebate_for(programme, grade, closed, money)
        if rebate is None or grant_id in state.grants or rebate.rebate.amount <= 0:
            continue
        events.append(
            new_event(
                RewardCreditGranted,
                now,
                customer_id=state.customer_id,
                grant_id=grant_id,
                kind="rebate",
                credit=rebate.rebate,
                granted_on=now.date(),
                period=closed,
                programme_version=programme.version,
            )
        )
    return events
