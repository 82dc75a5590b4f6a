"""Which policy is in force for a debtor at a given instant, or why none is.

``context`` gives the rules the policy version in force on the debtor's business day and
why it applies (customer, segment, jurisdiction, the configured default). A registered
debtor whose jurisdiction no policy names, with no default configured, has none: its
dunning holds, said once per jurisdiction (``PolicyMissing`` and a collector task).
"""

from __future__ import annotations

import datetime as dt

from services.collections.domain.actions import Context
from services.collections.domain.book import NoPolicy, PolicyBook
from services.collections.domain.events import PolicyMissing
from services.collections.domain.model import Debtor
from services.collections.domain.policy import RULE_POLICY_MISSING, DunningPolicy
from services.collections.domain.standing import business_day
from shared.contracts import Event
from shared.contracts import collections as c
from shared.kernel import new_event
from shared.kernel.ids import derived_id


def context(state: Debtor, now: dt.datetime, book: PolicyBook, reassess: bool = False) -> Context:
    """What the rules are given at ``now``: the policy in force on the business day
    (``NoPolicy`` when none applies to the debtor)."""
    asked = (state.customer_id, state.segment, state.jurisdiction, now)
    last = _LAST_FOUND[0]
    if last is not None and last[0] is book and last[1] == asked:
        policy, today, basis = last[2]
    else:
        policy, today, basis = _in_force(state, now, book)
        _LAST_FOUND[0] = (book, asked, (policy, today, basis))
    return Context(now, policy, today, reassess, basis)


InForce = tuple[DunningPolicy, dt.date, str]  # the policy version, the business day, why
_LAST_FOUND: list[tuple[PolicyBook, tuple[object, ...], InForce] | None] = [None]
"""What ``context`` last found, and for what. The policy in force depends only on the book
(immutable), the debtor's customer id, segment and jurisdiction, and the instant: a decision
and the worklist row of its outcome ask the same question, one after the other."""


def _in_force(state: Debtor, now: dt.datetime, book: PolicyBook) -> InForce:
    day = now.date()
    choice = book.choose(state.customer_id, state.segment, state.jurisdiction)
    policy = book.version_on(choice.policy_id, day)
    today = business_day(now, policy)
    if today != day:
        policy = book.version_on(choice.policy_id, today)
    return policy, today, choice.basis


def context_for(
    state: Debtor, now: dt.datetime, book: PolicyBook, reassess: bool = False
) -> Context | None:
    """``context``, or None when no policy applies to the debtor."""
    try:
        return context(state, now, book, reassess)
    except NoPolicy:
        return None


def hold_without_policy(debtor: Debtor, now: dt.datetime, book: PolicyBook) -> list[Event]:
    """Say once (per jurisdiction) that no policy applies, and ask a collector to act."""
    where = debtor.jurisdiction or book.default_jurisdiction
    if debtor.no_policy_for == where:
        return []
    reason = f"no dunning policy for jurisdiction {where} and no default policy configured"
    task_id = str(derived_id("collections", "step", debtor.customer_id, "no_policy", where))
    return [
        new_event(PolicyMissing, now, customer_id=debtor.customer_id, jurisdiction=where,
                  reason=reason),
        new_event(c.CollectorTaskRaised, now, task_id=task_id, customer_id=debtor.customer_id,
                  task="configure_dunning_policy", due_on=now.date() + dt.timedelta(days=1),
                  assignee="collections-team", policy_version="", rule=RULE_POLICY_MISSING),
    ]  # fmt: skip
