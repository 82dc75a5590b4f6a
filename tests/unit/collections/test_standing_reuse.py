"""A debtor's standing is worked out once per state, policy and day, and shared between
the contexts that ask about the very same ones (a decision's final state, then its worklist
row); it never answers for another state, policy or day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.collections.application.worklist import entry_for
from services.collections.domain.in_force import context
from services.collections.domain.review import next_review_day, next_steps
from shared.kernel.timer import Timer
from tests.unit.collections.given import BOOK, NOW, overdue_debtor


def test_a_second_context_on_the_same_state_policy_and_day_reuses_the_standing() -> None:
    debtor = overdue_debtor()[0].state
    first = context(debtor, NOW, BOOK).standing(debtor)
    assert context(debtor, NOW, BOOK, reassess=True).standing(debtor) is first


def test_another_state_day_or_policy_gets_its_own_standing() -> None:
    history, inv = overdue_debtor()
    debtor = history.state
    first = context(debtor, NOW, BOOK).standing(debtor)

    same_values = debtor.model_copy()
    assert same_values == debtor
    assert context(same_values, NOW, BOOK).standing(same_values).debtor is same_values

    later = NOW + dt.timedelta(days=40)
    moved = context(debtor, later, BOOK).standing(debtor)
    assert moved is not first and moved.today == later.date()
    assert moved.days_past_due() == first.days_past_due() + 40  # type: ignore[operator]

    paid = history.given(*inv.pay("INV-1", "12000.00")).state
    assert context(paid, NOW, BOOK).standing(paid).overdue() == {}
    # the first debtor's standing is as it was
    assert context(debtor, NOW, BOOK).standing(debtor).overdue() == first.overdue() != {}


def test_the_next_steps_asked_twice_are_the_same_and_a_caller_cannot_change_them() -> None:
    debtor = overdue_debtor()[0].state
    ctx = context(debtor, NOW, BOOK)
    steps = next_steps(debtor, ctx)
    assert steps
    steps.clear()
    assert next_steps(debtor, ctx) != []
    assert next_review_day(debtor, context(debtor, NOW, BOOK)) == next_steps(debtor, ctx)[0][0]


def test_the_worklist_row_of_a_decisions_final_state_agrees_with_its_review_timer() -> None:
    history, _ = overdue_debtor()
    debtor = history.state
    timer = history.timers[-1]
    assert isinstance(timer, Timer)
    entry = entry_for(debtor, len(history.events), BOOK, NOW)
    assert entry is not None and entry.next_action_on is not None
    zone = ZoneInfo(context(debtor, NOW, BOOK).policy.timezone)
    assert entry.next_action_on == timer.due_at.astimezone(zone).date()
