"""Admins' credit decisions — rating overrides, per-customer exceptions, the second admin's
approval of a large limit increase — and trying a candidate scorecard on every customer's
credit account without writing anything.

Every decision is appended to the customer's ``credit`` stream naming who made it; the
view answered is the credit control of the customer as it stands after it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from services.customers.application.credit import CreditAccounts
from services.customers.domain.credit.approval import LimitRequest
from services.customers.domain.credit.errors import CreditRuleBroken
from services.customers.domain.credit.policy import CustomerException, EffectiveTerms, terms_for
from services.customers.domain.credit.rating import RatingOverride
from services.customers.domain.credit.scorecard import Grade, Scorecard
from services.customers.domain.credit.whatif import WhatIf, what_if
from services.customers.domain.creditadmin import AdminCommand, PendingLimit, SetCreditException
from services.customers.domain.creditfile import CreditState, Rate, decide_credit, rating_basis
from shared.infra.repository import Cause
from shared.kernel import Timer, derived_id

LOAD_AT_ONCE = 64


class CreditControl(BaseModel):
    """How credit control treats the customer today: the grade in force and where it comes
    from, the admin's override, the exception and the terms they give, the limit request
    waiting for a second admin and every limit request decided."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    grade_in_force: Grade | None
    grade_source: str
    override: RatingOverride | None
    exception: CustomerException | None
    terms: EffectiveTerms | None
    pending_limit_request: PendingLimit | None
    limit_requests: tuple[LimitRequest, ...]


def credit_control(
    accounts: CreditAccounts, state: CreditState, currency: str, day: dt.date
) -> CreditControl:
    admin, grade = state.admin, state.grade_on(day)
    override = admin.override
    standing = override is not None and override.stands_on(day)
    source = "override" if standing else "scorecard" if grade else "none"
    try:
        terms = terms_for(accounts.policy, grade, currency, day, admin.exception)
    except CreditRuleBroken:
        terms = None  # a currency the policy names no limit in: every check says so
    return CreditControl(
        customer_id=state.customer_id, grade_in_force=grade, grade_source=source,
        override=override, exception=admin.exception, terms=terms,
        pending_limit_request=admin.pending, limit_requests=admin.requests,
    )  # fmt: skip


@dataclass
class CreditAdministration:
    accounts: CreditAccounts

    async def decide(self, cmd: AdminCommand) -> CreditControl:
        """Apply an admin's command to the customer's credit account (unknown customer:
        ``CustomerNotFound``; a broken rule: its ``CreditRuleBroken``)."""
        customer, _ = await self.accounts.customers.registered(cmd.customer_id)
        currency = customer.registration.currency
        if isinstance(cmd, SetCreditException):
            cmd = cmd.model_copy(update={"currency": currency})
        accounts = self.accounts
        outcome = await accounts.repository.execute(
            accounts.repository.ref(cmd.customer_id),
            lambda state, now: decide_credit(state, cmd, now, accounts.scorecard, accounts.policy),
            Cause(uuid.uuid4(), None, None),
        )
        today = (await accounts.clock.now()).date()
        return credit_control(accounts, outcome.state, currency, today)

    async def control(self, customer_id: str) -> CreditControl:
        customer, _ = await self.accounts.customers.registered(customer_id)
        state, _ = await self.accounts.repository.load(self.accounts.repository.ref(customer_id))
        today = (await self.accounts.clock.now()).date()
        return credit_control(self.accounts, state, customer.registration.currency, today)

    async def on_override_timer(self, timer: Timer) -> None:
        """The override's expiry day: re-rate, so the scorecard's grade is published again."""
        key = f"{timer.timer_id}@{timer.due_ms}"
        cmd = Rate(customer_id=timer.aggregate_id, reason="override expired")
        accounts = self.accounts
        await accounts.repository.execute(
            accounts.repository.ref(timer.aggregate_id),
            lambda state, now: decide_credit(state, cmd, now, accounts.scorecard, accounts.policy),
            Cause(derived_id("credit", "override", key), None, key),
        )

    async def try_scorecard(self, candidate: Scorecard, as_of: dt.date | None) -> WhatIf:
        """Rate every customer with the scorecard in force and with ``candidate`` on ``as_of``
        (today if not given) over the same credit accounts; reads only."""
        accounts = self.accounts
        day = as_of or (await accounts.clock.now()).date()
        ids = await accounts.customers.directory.customer_ids()
        bases = {}
        for start in range(0, len(ids), LOAD_AT_ONCE):
            chunk = ids[start : start + LOAD_AT_ONCE]
            loaded = await asyncio.gather(
                *(accounts.repository.load(accounts.repository.ref(cid)) for cid in chunk)
            )
            bases.update(
                {cid: rating_basis(state) for cid, (state, _) in zip(chunk, loaded, strict=True)}
            )
        return what_if(accounts.scorecard, candidate, bases, day)
