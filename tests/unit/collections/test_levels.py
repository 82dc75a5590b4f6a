"""Dunning levels on the clock: reminders, formal demand, supply halt, agency, legal (cn policy)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.collections.domain.policy import (
    RULE_LEVEL_REASSESSED,
    RULE_OVERDUE_BALANCE_PAID,
    RULE_RESUME_PAID,
)
from services.collections.domain.review import TIMER_KIND, review_timer_id
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested
from shared.kernel.timer import Timer
from tests.unit.collections.given import (
    DEBTOR,
    History,
    Invoices,
    day,
    of_type,
    one,
    overdue_debtor,
    registered,
    requested_templates,
    types,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
EARLY = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def last_timer(history: History) -> Timer:
    timer = history.timers[-1]
    assert isinstance(timer, Timer)
    return timer


def test_a_missed_payment_schedules_a_review_at_the_next_levels_threshold() -> None:
    history, _ = overdue_debtor()
    timer = last_timer(history)
    assert (timer.timer_id, timer.kind, timer.aggregate_id) == (
        review_timer_id(DEBTOR), TIMER_KIND, DEBTOR,
    )  # fmt: skip
    assert timer.due_at == dt.datetime(2026, 12, 15, tzinfo=SHANGHAI)  # 15 days past due


def test_at_fifteen_days_past_due_the_second_reminder_goes_out_on_email_sms_and_log() -> None:
    history, _ = overdue_debtor()
    events = history.review(day(12, 15))
    level = one(events, c.DunningLevelReached)
    assert (level.level, level.state, level.days_past_due) == (2, "overdue", 15)
    assert (level.rule, level.policy_version) == ("overdue.second_reminder", "cn-2026.1")
    request = one(events, NotificationRequested)
    assert (request.template, request.channels) == ("overdue_reminder_2", ("email", "sms", "log"))
    assert (request.rule, request.policy_version) == ("overdue.second_reminder", "cn-2026.1")


def test_a_review_before_the_threshold_changes_nothing_and_keeps_the_timer() -> None:
    history, _ = overdue_debtor()
    assert history.review(day(12, 10)) == []
    assert last_timer(history).due_at == dt.datetime(2026, 12, 15, tzinfo=SHANGHAI)


def test_at_thirty_days_a_formal_demand_letter_is_issued_with_a_reply_date_and_a_task() -> None:
    history, _ = overdue_debtor()
    history.review(day(12, 15))
    events = history.review(day(12, 30))
    assert types(events) == [
        "DunningLevelReached", "DemandIssued", "NotificationRequested", "CollectorTaskRaised",
    ]  # fmt: skip
    demand = one(events, c.DemandIssued)
    letter = one(events, NotificationRequested)
    assert (letter.template, letter.channels, letter.formal_demand) == (
        "demand_letter", ("letter",), True,
    )  # fmt: skip
    assert letter.reply_by == demand.reply_by == day(12, 30) + dt.timedelta(days=15)
    assert demand.request_id == letter.request_id and demand.invoice_ids == ("INV-1",)
    task = one(events, c.CollectorTaskRaised)
    assert (task.task, task.due_on, task.assignee) == (
        "call_debtor",
        day(1, 2, 2027),
        "collections-team",
    )
    assert history.state.state == "demand_issued"


def test_at_forty_five_days_over_the_threshold_supply_is_halted_once() -> None:
    history, _ = overdue_debtor("12000.00")
    for when in (day(12, 15), day(12, 30)):
        history.review(when)
    events = history.review(day(1, 14, 2027))
    halted = one(events, c.SupplyHalted)
    assert (halted.reason, str(halted.overdue), halted.rule) == (
        "overdue",
        "12000.00 CNY",
        "supply.halt",
    )
    assert requested_templates(events) == ["supply_halt_notice"]
    assert history.state.state == "supply_halted"
    assert history.review(day(1, 20, 2027)) == []


def test_below_the_amount_threshold_supply_is_not_halted() -> None:
    history, _ = overdue_debtor("900.00")
    for when in (day(12, 15), day(12, 30)):
        history.review(when)
    assert history.review(day(1, 14, 2027)) == []
    assert history.state.halt_id is None


def test_paying_in_full_resumes_supply_once_then_clears_the_debtor() -> None:
    history, inv = overdue_debtor("12000.00")
    for when in (day(12, 15), day(12, 30), day(1, 14, 2027)):
        history.review(when)
    halt_id = history.state.halt_id
    events = history.when(*inv.pay("INV-1", "12000.00", value_date=day(1, 15, 2027)))
    assert types(events) == [
        "DebtorPaymentApplied", "SupplyResumed", "DebtorCleared", "DebtorInvoiceClosed",
    ]  # fmt: skip
    resumed = one(events, c.SupplyResumed)
    assert (resumed.halt_id, resumed.reason, resumed.rule) == (
        halt_id,
        "overdue_paid",
        RULE_RESUME_PAID,
    )
    assert one(events, c.DebtorCleared).rule == RULE_OVERDUE_BALANCE_PAID
    assert history.state.state == "current"


def walk_to_agency(history: History) -> list[c.Event]:
    for when in (day(12, 15), day(12, 30), day(1, 14, 2027)):
        history.review(when)
    return history.review(day(2, 28, 2027))


def test_at_ninety_days_the_file_goes_to_an_agency_with_an_evidence_summary() -> None:
    history, _ = overdue_debtor("12000.00")
    events = walk_to_agency(history)
    escalated = one(events, c.EscalatedToAgency)
    evidence = escalated.evidence
    assert [(i.invoice_id, str(i.outstanding)) for i in evidence.invoices] == [
        ("INV-1", "12000.00 CNY")
    ]
    assert [m.template for m in evidence.messages] == [
        "overdue_reminder_1", "overdue_reminder_2", "demand_letter", "supply_halt_notice",
    ]  # fmt: skip
    assert evidence.first_overdue_on == day(12, 4)
    assert evidence.demand_issued_on == day(12, 30)
    assert history.state.state == "escalated_agency"


def test_after_escalation_no_automated_reminder_is_requested_any_more() -> None:
    history, _ = overdue_debtor("12000.00")
    walk_to_agency(history)
    events = history.review(day(6, 1, 2027))  # 183 days: legal
    assert one(events, c.EscalatedToLegal).rule == "escalate.legal"
    assert requested_templates(events) == []
    assert one(events, c.CollectorTaskRaised).task == "prepare_claim"


def test_a_debtor_found_late_jumps_to_the_level_its_age_calls_for_without_the_earlier_ones() -> (
    None
):
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "500.00", due_day=1))
    history.at(day(12, 20))
    events = history.when(inv.miss("INV-1"))  # 49 days past due, under the halt threshold
    assert one(events, c.DunningLevelReached).level == 3
    assert requested_templates(events) == ["demand_letter"]


def test_a_backdated_payment_lowers_days_past_due_and_the_level_to_what_the_value_date_says() -> (
    None
):
    inv = Invoices()
    history = History(now=EARLY).given(registered(), inv.issue("INV-1", "100.00", due_day=1))
    history.given(inv.issue("INV-2", "50.00", due_day=25))
    history.at(day(12, 2)).given(inv.miss("INV-1"))  # 31 days: demand level
    history.at(day(12, 5)).given(inv.miss("INV-2"))
    assert history.state.level == 3
    # INV-1 was paid on 20 November (value date); the bank feed only tells us now.
    events = history.when(*inv.pay("INV-1", "100.00", value_date=day(11, 20)))
    level = one(events, c.DunningLevelReached)
    assert (level.level, level.days_past_due, level.rule) == (1, 10, RULE_LEVEL_REASSESSED)
    assert requested_templates(events) == []  # nothing is sent again
    assert last_timer(history).due_at == dt.datetime(2026, 12, 10, tzinfo=SHANGHAI)


def test_a_later_review_after_a_lowered_level_does_not_resend_the_steps_already_taken() -> None:
    inv = Invoices()
    history = History(now=EARLY).given(registered(), inv.issue("INV-1", "100.00", due_day=1))
    history.given(inv.issue("INV-2", "50.00", due_day=10))
    history.at(day(12, 2)).given(inv.miss("INV-1"), inv.miss("INV-2"))
    history.when(*inv.pay("INV-1", "100.00", value_date=day(11, 20)))
    assert history.state.level == 2
    events = history.review(day(12, 10))  # INV-2 now 30 days past due: level 3 again
    assert one(events, c.DunningLevelReached).level == 3
    assert of_type(events, c.DemandIssued) == []  # the demand went out on 2 December
    assert requested_templates(events) == []
