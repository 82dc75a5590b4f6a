"""The points balance on a statement: what customers reported, as of the statement's last
day, whatever order the changes arrived in; a redelivered change is noted once."""

from __future__ import annotations

import datetime as dt

from services.invoicing.domain.account_state import AccountState, evolve, initial
from services.invoicing.domain.reward_points import NoteRewardPoints, note_reward_points
from services.invoicing.domain.statement_run import account_statement

NOW = dt.datetime(2026, 12, 5, 9, tzinfo=dt.UTC)


def noted(*changes: tuple[str, int, str]) -> AccountState:
    state = initial("C-1")
    for reference, change, on in changes:
        cmd = NoteRewardPoints(reference=reference, kind="earned" if change > 0 else "redeemed",
                               change=change, on=dt.date.fromisoformat(on),
                               programme_version="2026-1")  # fmt: skip
        for event in note_reward_points(state.customer_id, state.reward_points, cmd, NOW).events:
            state = evolve(state, event)
    return state


def points_on(state: AccountState, period_from: str, period_to: str) -> int | None:
    start, end = dt.date.fromisoformat(period_from), dt.date.fromisoformat(period_to)
    return account_statement(state, start, end).reward_points


def test_a_statement_shows_the_balance_of_the_changes_dated_up_to_its_last_day() -> None:
    # The redemption arrived before the late-recorded payment dated earlier.
    state = noted(("INV-1", 15, "2026-11-20"), ("redeem:R-1", -10, "2026-12-03"),
                  ("INV-2", 15, "2026-11-25"))  # fmt: skip

    assert points_on(state, "2026-11-01", "2026-11-20") == 0  # last day 19 November
    assert points_on(state, "2026-11-01", "2026-11-21") == 15
    assert points_on(state, "2026-11-01", "2026-12-01") == 30
    assert points_on(state, "2026-12-01", "2027-01-01") == 20


def test_a_redelivered_change_is_noted_once() -> None:
    state = noted(("INV-1", 15, "2026-11-20"))
    again = NoteRewardPoints(reference="INV-1", kind="earned", change=15,
                             on=dt.date(2026, 11, 20), programme_version="2026-1")  # fmt: skip

    assert note_reward_points("C-1", state.reward_points, again, NOW).events == ()
    assert points_on(state, "2026-11-01", "2026-12-01") == 15


def test_a_customer_whose_points_never_changed_has_none_on_its_statement() -> None:
    assert points_on(initial("C-1"), "2026-11-01", "2026-12-01") is None
