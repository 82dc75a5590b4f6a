"""Use cases of the credit account: follow invoicing's and collections' facts, re-rate on
a fact and on the monthly schedule, and show the credit file (诚信档案).

A followed event is recorded under its own event id (a redelivery appends nothing); the
monthly review timer is recorded once per month by the account's state.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import structlog
from pydantic import BaseModel, ConfigDict

from services.customers.application.check_reads import AccountCurrencies
from services.customers.application.service import Customers
from services.customers.domain.credit.check import OrderToCheck
from services.customers.domain.credit.exposure import OrderFact
from services.customers.domain.credit.facts import OpenItem
from services.customers.domain.credit.integrity import IntegrityLine, IntegritySummary
from services.customers.domain.credit.policy import CreditPolicy
from services.customers.domain.credit.rating import NoRating, Rating
from services.customers.domain.credit.rewards import RewardsProgramme
from services.customers.domain.credit.scorecard import Scorecard
from services.customers.domain.credit.survey import SurveyEntry
from services.customers.domain.creditcheck import CheckOrder, RecordOrder
from services.customers.domain.creditfile import (
    CreditCommand,
    CreditState,
    Rate,
    command_for,
    current_rating,
    decide_credit,
)
from services.customers.domain.creditfile_rewards import (
    RecordSurveyEntry,
    RedeemPoints,
    business_survey,
    rewards_of,
)
from services.customers.domain.master import company_view
from shared.contracts import Event
from shared.contracts.customers import CreditCheckDecided, CreditRated, RewardCreditGranted
from shared.infra.clock import Clock
from shared.infra.repository import Cause, Outcome, Repository
from shared.kernel import Timer, derived_id

log = structlog.get_logger("customers.credit")


class SurveyRecord(BaseModel):
    """A survey entry as recorded: ``current`` when it is the latest of its topic today."""

    model_config = ConfigDict(frozen=True)

    entry: SurveyEntry
    recorded_by: str
    recorded_at: dt.datetime
    current: bool


class PointsLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    on: dt.date
    reference: str
    points: int
    why: str


class RewardsView(BaseModel):
    """The customer's reward points: ``balance`` (may be redeemed), every line earned and
    spent, and every credit granted (redemptions and rebates, booked by invoicing)."""

    model_config = ConfigDict(frozen=True)

    programme: str
    balance: int
    points: tuple[PointsLine, ...]
    credits_granted: tuple[RewardCreditGranted, ...]


def survey_records(state: CreditState, today: dt.date) -> tuple[SurveyRecord, ...]:
    survey = business_survey(state.survey)
    current = {
        found.entry_id
        for topic in {r.entry.finding.topic for r in state.survey}
        if (found := survey.current(topic, today)) is not None
    }
    return tuple(
        SurveyRecord(
            entry=r.entry,
            recorded_by=r.recorded_by,
            recorded_at=r.occurred_at,
            current=r.entry.entry_id in current,
        )
        for r in state.survey
    )


class CreditFile(BaseModel):
    """诚信档案: basic information, business survey (every entry, newest last), integrity
    record; the rating now and every rating published before (newest last); rewards."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    basic_information: dict[str, object] | None
    business_survey: tuple[SurveyRecord, ...] = ()
    integrity_record: tuple[IntegrityLine, ...]
    last_12_months: IntegritySummary
    supply_halted: bool
    open_items: tuple[OpenItem, ...]
    rating_now: Rating | NoRating
    ratings: tuple[CreditRated, ...]
    monthly_reviews: tuple[str, ...]
    rewards: RewardsView | None = None


@dataclass
class CreditAccounts:
    repository: Repository[CreditState]
    customers: Customers
    scorecard: Scorecard
    clock: Clock
    policy: CreditPolicy
    rewards: RewardsProgramme | None = None
    currencies: AccountCurrencies = field(init=False)

    def __post_init__(self) -> None:
        self.currencies = AccountCurrencies(self.customers)

    async def follow(self, event: Event) -> Outcome[CreditState] | None:
        cmd = command_for(event)
        if cmd is None:
            return None
        cause = Cause(event.correlation_id, event.event_id, f"credit:{event.event_id}")
        return await self._decide(cmd, cause)

    async def on_review_timer(self, timer: Timer) -> Outcome[CreditState]:
        month = str(timer.payload.get("month", ""))
        cmd = Rate(customer_id=timer.aggregate_id, reason="monthly", month=month)
        key = f"{timer.timer_id}@{timer.due_ms}"
        return await self._decide(cmd, Cause(derived_id("credit", "review", key), None, key))

    async def credit_file(self, customer_id: str) -> CreditFile:
        customer, _ = await self.customers.registered(customer_id)
        ref = self.repository.ref(customer_id)
        state, _ = await self.repository.load(ref)
        history = await self.repository.history(ref)
        today = (await self.clock.now()).date()
        record = state.record
        personal = None if customer.erasure else await self.customers.vault.read(customer_id)
        master = company_view(customer.master_data, personal)
        return CreditFile(
            customer_id=customer_id, basic_information=master,
            integrity_record=record.lines,
            last_12_months=record.summary(today - dt.timedelta(days=365), today),
            supply_halted=record.halted, open_items=state.open_items(),
            rating_now=current_rating(state, today, self.scorecard),
            ratings=tuple(e for e in history if isinstance(e, CreditRated)),
            monthly_reviews=state.reviewed,
            business_survey=survey_records(state, today),
            rewards=self._rewards_view(state),
        )  # fmt: skip

    def _rewards_view(self, state: CreditState) -> RewardsView | None:
        if self.rewards is None:
            return None
        account = rewards_of(state)
        lines = tuple(PointsLine(**e.model_dump()) for e in account.entries)
        programme = f"{self.rewards.id} {self.rewards.version}"
        return RewardsView(programme=programme, balance=account.balance, points=lines,
                           credits_granted=tuple(state.grants.values()))  # fmt: skip

    async def record_survey(self, cmd: RecordSurveyEntry) -> CreditFile:
        """Record a survey entry (the scorecard re-rates on it). Unknown customer: 404."""
        await self.customers.registered(cmd.customer_id)
        key = f"survey:{cmd.entry.entry_id}"
        cause = Cause.command("credit", cmd.customer_id, key, idempotent=False)
        await self._decide(cmd, cause, cmd.recorded_by)
        return await self.credit_file(cmd.customer_id)

    async def redeem(
        self, customer_id: str, redemption_id: str, points: int, by: str
    ) -> RewardCreditGranted:
        """Spend points for a credit note in the customer's currency; the same redemption
        again answers what it granted the first time."""
        if self.rewards is None:
            raise RuntimeError("no rewards programme is loaded")
        customer, _ = await self.customers.registered(customer_id)
        cmd = RedeemPoints(customer_id=customer_id, redemption_id=redemption_id, points=points,
                           currency=customer.registration.currency, redeemed_by=by)  # fmt: skip
        key = f"redeem:{redemption_id}"
        await self._decide(cmd, Cause.command("credit", customer_id, key, idempotent=False), by)
        state, _ = await self.repository.load(self.repository.ref(customer_id))
        return state.grants[f"redeem:{redemption_id}"]

    async def record_order(self, customer_id: str, fact: OrderFact, key: str) -> None:
        cause = Cause(derived_id("credit", "order", key), None, f"order:{key}")
        await self._decide(RecordOrder(customer_id=customer_id, order=fact), cause)

    async def check(
        self, customer_id: str, order: OrderToCheck, requested_by: str | None, key: str | None
    ) -> CreditCheckDecided:
        """Check ``order``; with ``key`` (an ingest entry's id) a redelivery answers nothing
        new. Unknown customer: ``CustomerNotFound``."""
        currency = await self.currencies.of(customer_id)
        cmd = CheckOrder(customer_id=customer_id, order=order, currency=currency)
        cause = Cause(uuid.uuid4(), None, f"check:{key}" if key else None)
        outcome = await self._decide(cmd, cause, requested_by)
        decided = [e for e in outcome.events if isinstance(e, CreditCheckDecided)]
        if not decided:
            history = await self.repository.history(self.repository.ref(customer_id))
            decided = [e for e in history if isinstance(e, CreditCheckDecided)
                       and e.order_id == order.order_id]  # fmt: skip
        return decided[-1]

    async def _decide(
        self, cmd: CreditCommand, cause: Cause, requested_by: str | None = None
    ) -> Outcome[CreditState]:
        outcome = await self.repository.execute(
            self.repository.ref(cmd.customer_id),
            lambda state, now: decide_credit(
                state, cmd, now, self.scorecard, self.policy, requested_by, self.rewards
            ),
            cause,
        )
        for event in outcome.events:
            if isinstance(event, CreditRated):
                log.info("credit_rated", customer_id=cmd.customer_id, grade=event.rating,
                         score=event.score, reason=event.reason)  # fmt: skip
        return outcome
