"""The lock-out rule and who may do what, as pure functions of an account and the time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.access import Can, may
from services.console.domain.accounts import (
    Account,
    InvalidUsername,
    LockoutRule,
    check_username,
)

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
RULE = LockoutRule(failures=5, lock_for=dt.timedelta(minutes=15))


def account() -> Account:
    return Account(username="lin", role="collector", password_hash="x", created_at=NOW)


@given(st.integers(min_value=0, max_value=4))
def test_fewer_than_five_wrong_passwords_in_a_row_do_not_lock(failures: int) -> None:
    acc = account()
    for _ in range(failures):
        acc = acc.after_wrong_password(NOW, RULE)
    assert not acc.is_locked(NOW)


def test_the_fifth_wrong_password_locks_until_the_lock_runs_out() -> None:
    acc = account()
    for _ in range(5):
        acc = acc.after_wrong_password(NOW, RULE)
    assert acc.is_locked(NOW + dt.timedelta(minutes=14, seconds=59))
    assert not acc.is_locked(NOW + dt.timedelta(minutes=15))


def test_a_right_password_starts_the_count_again() -> None:
    acc = account()
    for _ in range(4):
        acc = acc.after_wrong_password(NOW, RULE)
    acc = acc.after_sign_in().after_wrong_password(NOW, RULE)
    assert acc.failures == 1 and not acc.is_locked(NOW)


@pytest.mark.parametrize("name", ["", "a", "Lin", "lin wang", "林", "x" * 33, "1lin"])
def test_a_username_that_could_not_name_a_person_in_an_event_is_refused(name: str) -> None:
    with pytest.raises(InvalidUsername):
        check_username(name)


def test_only_admins_and_collectors_see_contact_details_and_act_on_debtors() -> None:
    for action in (Can.SEE_CONTACT_DETAILS, Can.ACT_ON_DEBTORS):
        assert [r for r in ("admin", "collector", "auditor") if may(r, action)] == [
            "admin", "collector"]  # fmt: skip


def test_only_admins_reach_keys_users_and_dead_letters() -> None:
    for action in (Can.MANAGE_KEYS, Can.MANAGE_USERS, Can.REPLAY_DEAD_LETTERS):
        assert [r for r in ("admin", "collector", "auditor") if may(r, action)] == ["admin"]
