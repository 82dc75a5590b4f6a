"""A decision's business day is the day of the instant it is decided at, in the business
time zone: the context of one instant is kept for the next command of the same batch
(one clock read), and any other instant gets its own."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.invoicing.adapters.rate_packs import load_packs
from services.invoicing.domain import account_state
from services.invoicing.domain.account_state import apply_fact, initial
from services.invoicing.domain.decide import AccountRules
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.ledger.facts import AccountOpened
from services.invoicing.domain.ledger.model import AccountSettings

LAST_MINUTE = dt.datetime(2026, 11, 30, 15, 59, tzinfo=dt.UTC)  # 23:59 in Shanghai


def rules() -> AccountRules:
    return AccountRules(load_packs(), DueWatch(3, "Asia/Shanghai"), 1)


def test_each_instant_gets_the_business_day_it_falls_on() -> None:
    r = rules()
    assert r.ledger(LAST_MINUTE).today == dt.date(2026, 11, 30)
    assert r.ledger(LAST_MINUTE) is r.ledger(LAST_MINUTE)  # one batch, one clock read
    assert r.ledger(LAST_MINUTE + dt.timedelta(minutes=1)).today == dt.date(2026, 12, 1)
    assert r.ledger(LAST_MINUTE).today == dt.date(2026, 11, 30)  # and back again
    # the same instant written in another zone is the same business day
    berlin = LAST_MINUTE.astimezone(ZoneInfo("Europe/Berlin"))
    assert r.ledger(berlin).today == dt.date(2026, 11, 30)


def test_rules_of_another_zone_do_not_share_a_day() -> None:
    shanghai, berlin = rules(), AccountRules(load_packs(), DueWatch(3, "Europe/Berlin"), 1)
    assert shanghai.ledger(LAST_MINUTE).today == dt.date(2026, 11, 30)
    late = LAST_MINUTE + dt.timedelta(minutes=1)
    assert shanghai.ledger(late).today == dt.date(2026, 12, 1)
    assert berlin.ledger(late).today == dt.date(2026, 11, 30)  # 17:00 in Berlin
    assert shanghai == rules()  # the kept context is not part of what the rules are


def test_a_fact_applied_again_to_the_same_state_is_looked_up_and_the_memory_stays_small() -> None:
    state = initial("C-1")
    settings = AccountSettings(jurisdiction="cn")
    fact = AccountOpened(customer_id="C-1", settings=settings, on=dt.date(2026, 11, 30))
    after = apply_fact(state, fact, "api")
    assert apply_fact(state, fact, "api") is after  # the decision's fold, looked up
    assert apply_fact(state, fact, "ingest") is not after  # another source: applied anew
    for n in range(100):
        apply_fact(initial(f"C-{n}"), fact, "api")
    assert len(account_state._APPLIED) <= account_state._REMEMBERED
    again = apply_fact(state, fact, "api")  # forgotten by now: applied again, the same state
    assert again == after


def test_the_events_the_account_notes_are_exactly_those_evolve_has_a_case_for() -> None:
    # ``evolve`` returns early for any type outside ``_NOTED``: a case added to its match
    # without its type in the set would never run.
    import ast
    import inspect

    from shared.contracts.envelope import STORED_TYPES

    tree = ast.parse(inspect.getsource(account_state.evolve))
    cased = {
        case.pattern.cls.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Match)
        for case in node.cases
        if isinstance(case.pattern, ast.MatchClass) and isinstance(case.pattern.cls, ast.Name)
    }
    assert cased == {cls.__name__ for cls in account_state._NOTED}
    # by exact type: no stored event class is a subclass of a noted one
    for cls in STORED_TYPES.values():
        assert cls in account_state._NOTED or not issubclass(cls, tuple(account_state._NOTED))
