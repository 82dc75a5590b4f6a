"""Admins' credit decisions on the credit account: an override publishes its grade until it
expires and the scorecard's grade comes back; exceptions change the terms; a large limit
increase waits for a second, different admin, and both people are recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from services.customers.adapters.credit_files import load_credit_policy, load_scorecard
from services.customers.domain.credit.check import OrderToCheck
from services.customers.domain.credit.errors import (
    CreditRecordNotFound,
    ExceptionExpiryNotAfterStart,
    LimitRequestPending,
    OverrideExpiryNotAfterStart,
    SecondApproverRequired,
)
from services.customers.domain.creditadmin import (
    OVERRIDE_TIMER_KIND,
    DecideLimitRequest,
    EndCreditException,
    EndRatingOverride,
    OverrideRating,
    SetCreditException,
)
from services.customers.domain.creditcheck import CheckOrder
from services.customers.domain.creditfile import (
    Rate,
    decide_credit,
    evolve_credit,
    initial_credit,
)
from shared.contracts.customers import CreditCheckDecided, CreditRated
from shared.contracts.money import Money
from tests.support.given import History, types
from tests.unit.customers.test_creditfile import CUSTOMER, follow, invoice

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
CARD, POLICY = load_scorecard(), load_credit_policy()


def history() -> History[Any, Any]:
    return History(CUSTOMER, initial_credit, evolve_credit, decide_credit, "customers", NOW,
                   scorecard=CARD, policy=POLICY)  # fmt: skip


def rated_b() -> History[Any, Any]:
    """Three invoices paid on their due days: the scorecard's B (815, as hand-computed in
    tests/integration/customers/test_scorecard_trial.py)."""
    h = history()
    follow(h, [*invoice(1, "2026-06-01", "2026-06-01"), *invoice(2, "2026-07-01", "2026-07-01"),
               *invoice(3, "2026-08-01", "2026-08-01")])  # fmt: skip
    assert h.state.rated is not None and (h.state.rated.rating, h.state.rated.score) == ("B", 815)
    return h


def cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


def override(grade: str = "D", expires_on: str = "2026-12-15", by: str = "zhang.admin") -> Any:
    return OverrideRating(customer_id=CUSTOMER, grade=grade, by=by,
                          reason="Parent company in insolvency proceedings",
                          expires_on=dt.date.fromisoformat(expires_on))  # fmt: skip


def exception(by: str = "zhang.admin", **fields: Any) -> SetCreditException:
    return SetCreditException(customer_id=CUSTOMER, by=by, currency="CNY",
                              reason="Bank guarantee received", **fields)  # fmt: skip


def decide(decision: str, by: str, request_id: str = "LR-1") -> DecideLimitRequest:
    return DecideLimitRequest(
        customer_id=CUSTOMER,
        request_id=request_id,
        decision=decision,
        by=by,
        note="Guarantee seen" if decision != "withdraw" else None,
    )


def checked(h: History[Any, Any], amount: str = "100000.00") -> CreditCheckDecided:
    cmd = CheckOrder(customer_id=CUSTOMER, currency="CNY",
                     order=OrderToCheck(order_id="SO-1", amount=cny(amount)))  # fmt: skip
    [decided] = h.when(cmd).events
    assert isinstance(decided, CreditCheckDecided)
    return decided


def test_an_override_publishes_its_grade_and_schedules_its_end() -> None:
    h = rated_b()
    decision = h.apply(override())

    assert types(decision) == ["CreditRatingOverridden", "CreditRated"]
    rated = decision.events[1]
    assert isinstance(rated, CreditRated)
    assert (rated.rating, rated.rule, rated.score) == ("D", "override", CARD.grades["D"])
    assert rated.reason == "override by zhang.admin until 2026-12-15"
    [timer] = decision.schedule
    assert (timer.kind, timer.due_at) == (OVERRIDE_TIMER_KIND,
                                          dt.datetime(2026, 12, 15, tzinfo=dt.UTC))  # fmt: skip
    assert h.state.grade_on(NOW.date()) == "D" and checked(h).grade == "D"


def test_while_an_override_stands_new_facts_publish_no_scorecard_grade() -> None:
    h = rated_b()
    h.apply(override())

    decided = follow(h, invoice(4, "2026-08-15", "2026-11-20"))  # 97 days late

    assert "CreditRated" not in decided
    assert h.state.grade_on(NOW.date()) == "D"


def test_on_its_expiry_day_the_scorecard_rates_again_and_says_so() -> None:
    h = rated_b()
    h.apply(override())
    h.now = dt.datetime(2026, 12, 15, 0, 1, tzinfo=dt.UTC)

    assert h.state.grade_on(h.now.date()) == "B"  # checks use the scorecard's grade at once
    [rated] = h.apply(Rate(customer_id=CUSTOMER, reason="override expired")).events
    again = h.apply(Rate(customer_id=CUSTOMER, reason="override expired"))

    assert isinstance(rated, CreditRated)
    assert (rated.rating, rated.score, rated.rule) == ("B", 815, f"scorecard:{CARD.id}")
    assert rated.reason == "override ended 2026-12-15, scorecard again: override expired"
    assert {c.factor for c in rated.contributions} == {f.measure for f in CARD.factors}
    assert types(again) == []  # the timer delivered twice: published once


def end_override(by: str = "li.admin") -> EndRatingOverride:
    return EndRatingOverride(customer_id=CUSTOMER, by=by, reason="Insolvency petition withdrawn")


def test_ending_an_override_early_rates_again_at_once_and_cancels_its_timer() -> None:
    h = rated_b()
    h.apply(override())
    h.now = dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)

    decision = h.apply(end_override())

    assert types(decision) == ["CreditRatingOverrideEnded", "CreditRated"]
    ended, rated = decision.events
    assert (ended.ended_by, ended.reason, ended.ended_on) == (  # type: ignore[attr-defined]
        "li.admin", "Insolvency petition withdrawn", dt.date(2026, 12, 2)
    )  # fmt: skip
    assert isinstance(rated, CreditRated)
    assert (rated.rating, rated.score, rated.rule) == ("B", 815, f"scorecard:{CARD.id}")
    assert rated.reason == "override ended 2026-12-02, scorecard again: ended by li.admin"
    assert decision.cancel == [f"credit-override:{CUSTOMER}:2026-12-15"]
    assert h.state.grade_on(h.now.date()) == "B" and checked(h).grade == "B"
    kept = h.state.admin.override
    assert kept is not None and (kept.grade, kept.ended_on, kept.ended_by) == (
        "D", dt.date(2026, 12, 2), "li.admin"
    )  # fmt: skip


def test_an_ended_overrides_late_timer_publishes_nothing_more() -> None:
    h = rated_b()
    h.apply(override())
    h.apply(end_override())
    h.now = dt.datetime(2026, 12, 15, 0, 1, tzinfo=dt.UTC)

    assert types(h.apply(Rate(customer_id=CUSTOMER, reason="override expired"))) == []


def test_ending_an_override_the_day_it_was_set_returns_the_scorecards_grade() -> None:
    h = rated_b()
    h.apply(override())

    assert types(h.apply(end_override())) == ["CreditRatingOverrideEnded", "CreditRated"]
    assert h.state.grade_on(NOW.date()) == "B"


def test_ending_an_override_when_none_is_in_force_is_not_found() -> None:
    never = rated_b()
    ended = rated_b()
    ended.apply(override())
    ended.apply(end_override())
    expired = rated_b()
    expired.apply(override())
    expired.now = dt.datetime(2026, 12, 15, 0, 1, tzinfo=dt.UTC)

    for h in (never, ended, expired):
        with pytest.raises(CreditRecordNotFound, match="no rating override in force"):
            h.when(end_override())


@pytest.mark.parametrize("expires_on", ["2026-11-28", "2026-11-01"])
def test_an_override_must_expire_after_the_day_it_is_set(expires_on: str) -> None:
    with pytest.raises(OverrideExpiryNotAfterStart, match="must expire after it"):
        history().when(override(expires_on=expires_on))


def test_an_exception_without_a_limit_applies_at_once() -> None:
    h = rated_b()
    [event] = h.apply(exception(prepayment_percent=40, payment_terms_days=20)).events

    assert event.type == "CreditExceptionSet"
    terms = checked(h, "300000.00")
    assert (terms.outcome, terms.prepayment_percent) == ("approve_with_prepayment", 40)


def test_an_exception_expiring_before_it_starts_is_refused() -> None:
    with pytest.raises(ExceptionExpiryNotAfterStart, match="must expire after it"):
        history().when(exception(payment_terms_days=10, expires_on=NOW.date()))


def test_a_large_limit_increase_waits_for_a_second_admin_who_is_recorded() -> None:
    h = rated_b()  # B: 1 000 000 CNY; second_admin_above 200 000 CNY
    [asked] = h.apply(exception(credit_limit=cny("1200000.01"))).events

    assert asked.type == "CreditLimitRequested"
    assert checked(h).credit_limit == cny("1000000")
    with pytest.raises(SecondApproverRequired, match="another admin must approve it"):
        h.when(decide("approve", "zhang.admin"))
    with pytest.raises(LimitRequestPending, match="LR-1 waits for a second admin"):
        h.when(exception(by="li.admin", payment_terms_days=10))
    approved = h.apply(decide("approve", "li.admin"))

    assert types(approved) == ["CreditLimitRequestDecided", "CreditExceptionSet"]
    assert checked(h).credit_limit == cny("1200000.01")
    [request] = h.state.admin.requests
    assert (request.requested_by, request.decided_by, request.status) == (
        "zhang.admin", "li.admin", "approved"
    )  # fmt: skip
    assert h.state.admin.exception.set_by == "zhang.admin"
    assert types(h.when(decide("approve", "li.admin"))) == []  # a retried approval: nothing
    with pytest.raises(CreditRecordNotFound):
        h.when(decide("approve", "li.admin", "LR-9"))


def test_an_increase_up_to_the_threshold_and_any_decrease_need_one_admin() -> None:
    h = rated_b()
    [up] = h.apply(exception(credit_limit=cny("1200000.00"))).events
    [down] = h.apply(exception(credit_limit=cny("10000.00"))).events

    assert (up.type, down.type) == ("CreditExceptionSet", "CreditExceptionSet")
    assert [r.request_id for r in h.state.admin.requests] == ["LR-1", "LR-2"]
    assert checked(h, "5000.00").credit_limit == cny("10000.00")


def test_a_withdrawn_or_rejected_request_and_an_ended_exception_leave_the_grades_terms() -> None:
    h = rated_b()
    h.apply(exception(credit_limit=cny("2000000.00")))
    h.apply(decide("withdraw", "zhang.admin"))
    h.apply(exception(credit_limit=cny("2000000.00")))
    h.apply(decide("reject", "li.admin", "LR-2"))
    assert checked(h).credit_limit == cny("1000000")
    h.apply(exception(payment_terms_days=10))
    h.apply(EndCreditException(customer_id=CUSTOMER, by="li.admin"))

    assert h.state.admin.exception is None
    assert [(r.status, r.decided_by) for r in h.state.admin.requests] == [
        ("withdrawn", "zhang.admin"), ("rejected", "li.admin")
    ]  # fmt: skip
    with pytest.raises(CreditRecordNotFound):
        h.when(EndCreditException(customer_id=CUSTOMER, by="li.admin"))
