"""Promises to pay, payment plans (分期), deferrals (延期) and settlement discounts (折扣)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.collections.application.views import DebtorView
from services.collections.domain import errors
from services.collections.domain.commands import (
    AcceptSettlement,
    AgreePlan,
    MakePromise,
    OfferSettlement,
    PlannedInstalment,
)
from services.collections.domain.evidence import evidence_summary
from services.collections.domain.policy import (
    RULE_INSTALMENT_MISSED,
    RULE_PLAN_AGREED,
    RULE_PLAN_COMPLETED,
    RULE_PROMISE_BROKEN,
    RULE_RESUME_PLAN,
    RULE_SETTLEMENT_PAID,
)
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested
from shared.kernel.timer import Timer
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    History,
    day,
    money,
    one,
    overdue_debtor,
    requested_templates,
    types,
)

DEC_10 = day(12, 10)


def promise(amount: str = "12000.00", due_on: dt.date = DEC_10, pid: str = "P-1") -> MakePromise:
    return MakePromise(
        customer_id=DEBTOR,
        promise_id=pid,
        amount=money(amount),
        due_on=due_on,
        channel="phone",
        taken_by="collector-7",
        note="will pay after audit",
    )


def plan(*parts: tuple[dt.date, str], kind: str = "instalments") -> AgreePlan:
    return AgreePlan(
        customer_id=DEBTOR, plan_id="PL-1", kind=kind, taken_by="collector-7",  # type: ignore[arg-type]
        instalments=tuple(PlannedInstalment(due_on=d, amount=money(a)) for d, a in parts),
    )  # fmt: skip


def test_a_promise_is_recorded_with_who_took_it_and_confirmed_to_the_debtor() -> None:
    history, _ = overdue_debtor()
    events = history.do(promise())
    made = one(events, c.PromiseMade)
    assert (made.amount, made.due_on, made.channel, made.taken_by, made.grace_days) == (
        money("12000.00"), day(12, 10), "phone", "collector-7", 3,
    )  # fmt: skip
    request = one(events, NotificationRequested)
    assert request.template == "promise_confirmation" and request.promise is not None
    assert history.state.state == "promise_pending"
    timer = history.timers[-1]
    assert isinstance(timer, Timer)
    assert timer.due_at == dt.datetime(2026, 12, 14, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_escalation_pauses_while_a_promise_is_pending() -> None:
    history, _ = overdue_debtor()
    history.do(promise(due_on=day(12, 20)))
    assert history.review(day(12, 15)) == []  # level 2 would be due: the promise holds it
    assert history.state.level == 1


def test_a_promise_paid_in_time_is_kept_and_dunning_goes_on_from_where_it_stood() -> None:
    history, inv = overdue_debtor()
    history.do(promise("5000.00"))
    events = history.when(*inv.pay("INV-1", "5000.00", value_date=day(12, 9)))
    kept = one(events, c.PromiseKept)
    assert (kept.promise_id, kept.paid) == ("P-1", money("5000.00"))
    assert history.state.promise is None and history.state.state == "overdue"


def test_a_partial_payment_against_a_promise_is_recorded_and_the_promise_stays_pending() -> None:
    history, inv = overdue_debtor()
    history.do(promise())
    events = history.when(*inv.pay("INV-1", "4000.00", value_date=day(12, 8)))
    partly = one(events, c.PromisePartlyPaid)
    assert (partly.paid, partly.remaining) == (money("4000.00"), money("8000.00"))
    assert history.state.state == "promise_pending"


def test_a_promise_not_paid_by_its_date_plus_grace_is_broken_and_the_level_jumps() -> None:
    history, inv = overdue_debtor()
    history.do(promise())
    history.when(*inv.pay("INV-1", "4000.00", value_date=day(12, 8)))
    assert history.review(day(12, 13)) == []  # 10 December + 3 days' grace
    events = history.review(day(12, 14))
    broken = one(events, c.PromiseBroken)
    assert (broken.shortfall, broken.paid, broken.rule) == (
        money("8000.00"), money("4000.00"), RULE_PROMISE_BROKEN,
    )  # fmt: skip
    level = one(events, c.DunningLevelReached)
    assert (level.level, level.rule) == (2, RULE_PROMISE_BROKEN)
    assert requested_templates(events) == ["promise_broken", "overdue_reminder_2"]
    assert history.state.broken_promises == 1


def test_a_payment_value_dated_within_the_grace_keeps_the_promise_even_if_booked_later() -> None:
    history, inv = overdue_debtor()
    history.do(promise())
    history.at(day(12, 13))
    events = history.when(*inv.pay("INV-1", "12000.00", value_date=day(12, 12)))
    assert "PromiseKept" in types(events) and "PromiseBroken" not in types(events)


def test_a_second_promise_while_one_is_pending_is_refused() -> None:
    history, _ = overdue_debtor()
    history.do(promise())
    with pytest.raises(errors.PromiseAlreadyPending):
        history.do(promise(pid="P-2"))
    assert history.do(promise()) == []  # the same promise again records nothing


def test_a_promise_for_a_past_date_is_refused_by_name() -> None:
    history, _ = overdue_debtor()
    with pytest.raises(errors.PromiseDateInPast):
        history.do(promise(due_on=day(12, 1)))


def test_a_plan_is_a_schedule_of_instalments_sent_to_the_debtor() -> None:
    history, _ = overdue_debtor()
    events = history.do(plan((day(12, 10), "6000.00"), (day(1, 10, 2027), "6000.00")))
    agreed = one(events, c.PaymentPlanAgreed)
    assert [(i.number, i.due_on) for i in agreed.instalments] == [
        (1, day(12, 10)),
        (2, day(1, 10, 2027)),
    ]
    request = one(events, NotificationRequested)
    assert request.template == "payment_plan_schedule" and len(request.instalments) == 2
    assert history.state.state == "payment_plan"


def test_paying_every_instalment_completes_the_plan_and_resolves_the_debtor() -> None:
    history, inv = overdue_debtor()
    history.do(plan((day(12, 10), "6000.00"), (day(1, 10, 2027), "6000.00")))
    first = history.when(*inv.pay("INV-1", "6000.00", value_date=day(12, 9)))
    assert one(first, c.PromiseKept).promise_id == "PL-1/1"
    events = history.when(*inv.pay("INV-1", "6000.00", value_date=day(12, 20)))
    assert one(events, c.PaymentPlanCompleted).rule == RULE_PLAN_COMPLETED
    cleared = one(events, c.DebtorCleared)
    assert (cleared.resolution, cleared.rule) == ("plan_completed", RULE_PLAN_COMPLETED)
    assert history.state.state == "resolved"


def test_a_missed_instalment_is_a_broken_promise_and_ends_the_plan() -> None:
    history, inv = overdue_debtor()
    history.do(plan((day(12, 10), "6000.00"), (day(1, 10, 2027), "6000.00")))
    history.when(*inv.pay("INV-1", "1000.00", value_date=day(12, 9)))
    events = history.review(day(12, 14))
    missed = one(events, c.InstalmentMissed)
    assert (missed.number, missed.shortfall, missed.rule) == (
        1,
        money("5000.00"),
        RULE_INSTALMENT_MISSED,
    )
    assert one(events, c.PromiseBroken).promise_id == "PL-1/1"
    assert one(events, c.DunningLevelReached).level == 2
    assert history.state.plan is None and history.state.broken_promises == 1


def test_a_deferral_is_one_later_date_for_the_whole_amount() -> None:
    history, _ = overdue_debtor()
    with pytest.raises(errors.PlanNotValid, match="exactly one date"):
        history.do(plan((day(12, 10), "6000.00"), (day(12, 20), "6000.00"), kind="deferral"))
    events = history.do(plan((day(1, 31, 2027), "12000.00"), kind="deferral"))
    assert one(events, c.PaymentPlanAgreed).kind == "deferral"


def test_agreeing_a_plan_resumes_a_halted_supply_when_the_policy_allows() -> None:
    history, _ = overdue_debtor()
    for when in (day(12, 15), day(12, 30), day(1, 14, 2027)):
        history.review(when)
    assert history.state.halt_id is not None
    events = history.do(plan((day(1, 31, 2027), "12000.00")))
    assert one(events, c.SupplyResumed).rule == RULE_RESUME_PLAN
    assert history.state.halt_id is None


def test_a_settlement_offered_accepted_and_paid_closes_the_balance_with_the_discount() -> None:
    history, inv = overdue_debtor("10000.00")
    offer = OfferSettlement(customer_id=DEBTOR, offer_id="S-1", discount=money("1000.00"),
                            valid_until=day(12, 31), offered_by="collector-7")  # fmt: skip
    offered = one(history.do(offer), c.SettlementOffered)
    assert (offered.pay, offered.invoice_ids) == (money("9000.00"), ("INV-1",))
    history.do(AcceptSettlement(customer_id=DEBTOR, offer_id="S-1", accepted_by="debtor-cfo"))
    events = history.when(*inv.pay("INV-1", "9000.00", value_date=day(12, 20)))
    done = one(events, c.SettlementCompleted)
    assert (done.paid, done.discount, done.rule) == (
        money("9000.00"),
        money("1000.00"),
        RULE_SETTLEMENT_PAID,
    )
    assert one(events, c.DebtorCleared).resolution == "settled"
    assert history.state.outstanding_by_currency() == {}


def test_a_discount_over_the_policys_share_is_refused() -> None:
    history, _ = overdue_debtor("10000.00")
    offer = OfferSettlement(customer_id=DEBTOR, offer_id="S-1", discount=money("2500.00"),
                            valid_until=day(12, 31), offered_by="collector-7")  # fmt: skip
    with pytest.raises(errors.DiscountTooLarge):
        history.do(offer)


def test_promises_are_remembered_for_evidence_with_their_outcome() -> None:
    history, _ = overdue_debtor()
    history.do(promise())
    history.review(day(12, 14))
    assert [(p.promise_id, p.outcome) for p in history.state.promises] == [("P-1", "broken")]
    assert isinstance(History, type)


def test_a_promise_taken_and_broken_after_hand_over_sends_the_debtor_nothing() -> None:
    history, _ = overdue_debtor("12000.00")
    for when in (day(12, 15), day(12, 30), day(1, 14, 2027), day(2, 28, 2027)):
        history.review(when)
    assert history.state.escalated == "agency"
    assert requested_templates(history.do(promise(due_on=day(3, 5, 2027)))) == []
    events = history.review(day(3, 9, 2027))
    assert "PromiseBroken" in types(events)
    assert "promise_broken" not in requested_templates(events)


def test_a_plan_replacing_a_pending_promise_records_it_superseded_and_says_so() -> None:
    history, _ = overdue_debtor()
    history.do(promise())
    events = history.do(plan((day(12, 10), "6000.00"), (day(1, 10, 2027), "6000.00")))
    assert types(events)[:2] == ["PromiseSuperseded", "PaymentPlanAgreed"]
    superseded = one(events, c.PromiseSuperseded)
    assert (superseded.promise_id, superseded.plan_id, superseded.rule) == (
        "P-1", "PL-1", RULE_PLAN_AGREED,
    )  # fmt: skip
    state = history.state
    assert state.promise is None and state.plan is not None
    assert [(p.promise_id, p.outcome) for p in state.promises] == [("P-1", "superseded")]
    assert evidence_summary(state).promises[0].outcome == "superseded"
    shown = DebtorView.of(state, history.events, len(history.events), BOOK, history.now)
    assert [t.summary for t in shown.timeline if t.type == "PromiseSuperseded"] == [
        "promise P-1 superseded by plan PL-1; rule plan.agreed, policy cn-2026.1"
    ]


def test_a_plan_with_no_promise_pending_supersedes_nothing() -> None:
    history, _ = overdue_debtor()
    events = history.do(plan((day(12, 10), "12000.00")))
    assert "PromiseSuperseded" not in types(events)
