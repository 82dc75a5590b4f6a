"""Disputed invoices set aside, collectors' classifications, and the limitation period."""

from __future__ import annotations

import pytest

from services.collections.domain import errors
from services.collections.domain.commands import (
    ClassifyDebtor,
    DisputeInvoice,
    RecordDemandDelivered,
    ResolveDispute,
    WriteOff,
)
from services.collections.domain.policy import RULE_HARDSHIP_PLAN_FIRST, RULE_RESUME_DISPUTED
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested
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


def dispute(invoice_id: str = "INV-1") -> DisputeInvoice:
    return DisputeInvoice(
        customer_id=DEBTOR, invoice_id=invoice_id, reason="quality", raised_by="c-7"
    )


def resolve(outcome: str, invoice_id: str = "INV-1") -> ResolveDispute:
    return ResolveDispute(customer_id=DEBTOR, invoice_id=invoice_id, outcome=outcome,  # type: ignore[arg-type]
                          resolved_by="c-7")  # fmt: skip


def two_overdue() -> tuple[History, Invoices]:
    inv = Invoices()
    history = History().given(
        registered(), inv.issue("INV-1", "100.00"), inv.issue("INV-2", "50.00")
    )
    history.given(inv.miss("INV-1"), inv.miss("INV-2"))
    return history, inv


def test_a_disputed_invoice_is_left_out_of_reminders_while_the_rest_goes_on() -> None:
    history, _ = two_overdue()
    disputed = one(history.do(dispute()), c.InvoiceDisputed)
    assert (disputed.reason, disputed.raised_on) == ("quality", day(12, 4))
    events = history.review(day(12, 15))
    request = one(events, NotificationRequested)
    assert [i.invoice_id for i in request.invoices] == ["INV-2"]
    assert str(request.total_outstanding) == "50.00 CNY"


def test_a_dispute_upheld_returns_the_invoice_with_its_clock_where_it_stood() -> None:
    history, _ = overdue_debtor("100.00")
    history.do(dispute())  # 4 days past due
    history.at(day(12, 20))
    events = history.do(resolve("upheld_back_to_dunning"))
    assert one(events, c.DisputeResolved).outcome == "upheld_back_to_dunning"
    invoice = history.state.invoices["INV-1"]
    assert (invoice.paused_days, invoice.days_past_due(day(12, 20))) == (16, 4)
    assert history.review(day(12, 30)) == []  # 14 days past due, counting the paused ones out
    assert one(history.review(day(12, 31)), c.DunningLevelReached).level == 2


def test_a_dispute_ended_by_a_credit_note_closes_the_invoice_and_clears_the_debtor() -> None:
    history, _ = overdue_debtor("100.00")
    history.do(dispute())
    events = history.do(resolve("credited"))
    assert types(events) == ["DisputeResolved", "DebtorCleared"]
    assert history.state.overdue_by_currency() == {}


def test_a_halted_supply_resumes_when_all_that_is_left_overdue_is_disputed() -> None:
    history, _ = overdue_debtor()
    for when in (day(12, 15), day(12, 30), day(1, 14, 2027)):
        history.review(when)
    events = history.do(dispute())
    assert one(events, c.SupplyResumed).rule == RULE_RESUME_DISPUTED
    assert history.review(day(3, 1, 2027)) == []  # nothing escalates over a disputed invoice


def test_resolving_an_invoice_without_a_dispute_is_refused_by_name() -> None:
    history, _ = overdue_debtor()
    with pytest.raises(errors.NotDisputed):
        history.do(resolve("credited"))


def test_a_hardship_debtor_is_offered_a_plan_before_any_demand() -> None:
    history, _ = overdue_debtor()
    history.do(ClassifyDebtor(customer_id=DEBTOR, classification="hardship", classified_by="c-7"))
    history.review(day(12, 15))
    events = history.review(day(12, 30))  # the demand would be due
    task = one(events, c.CollectorTaskRaised)
    assert (task.task, task.rule) == ("offer_payment_plan", RULE_HARDSHIP_PLAN_FIRST)
    assert of_type(events, c.DemandIssued) == [] and history.state.state == "hardship"
    assert history.review(day(1, 5, 2027)) == []  # held for 14 days
    assert one(history.review(day(1, 13, 2027)), c.DemandIssued)


def test_an_unwilling_debtor_escalates_ten_days_sooner() -> None:
    history, _ = overdue_debtor()
    history.do(ClassifyDebtor(customer_id=DEBTOR, classification="unwilling", classified_by="c-7"))
    events = history.review(day(12, 5))  # 5 days past due, counted as 15
    assert one(events, c.DunningLevelReached).level == 2
    assert requested_templates(events) == ["overdue_reminder_2"]


def test_the_limitation_period_raises_a_warning_and_a_task_well_before_it_ends() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    events = history.review(day(8, 2, 2029))  # 30 Nov 2029 − 120 days
    warning = one(events, c.LimitationWarning)
    assert warning.expires_on == day(11, 30, 2029)
    task = [t for t in of_type(events, c.CollectorTaskRaised) if t.task == "limitation_expiring"]
    assert task and task[0].due_on == day(10, 31, 2029) and task[0].assignee == "legal-team"
    assert "LimitationWarning" not in types(history.review(day(8, 20, 2029)))


def test_a_delivered_demand_restarts_the_limitation_period() -> None:
    history, _ = overdue_debtor()
    history.review(day(12, 15))
    demand = one(history.review(day(12, 30)), c.DemandIssued)
    history.at(day(1, 4, 2027))
    delivered = RecordDemandDelivered(customer_id=DEBTOR, request_id=demand.request_id,
                                      delivered_on=day(1, 3, 2027))  # fmt: skip
    events = history.do(delivered)
    assert one(events, c.DemandDelivered).invoice_ids == ("INV-1",)
    assert history.state.invoices["INV-1"].limitation_from == day(1, 3, 2027)
    assert history.do(delivered) == []


def test_a_written_off_debtor_is_no_longer_dunned() -> None:
    history, _ = overdue_debtor()
    events = history.do(WriteOff(customer_id=DEBTOR, reason="insolvent", written_off_by="cfo"))
    assert one(events, c.DebtorWrittenOff).amounts[0].amount == 12000
    assert history.review(day(12, 15)) == [] and history.state.state == "written_off"


def test_days_disputed_before_the_due_date_are_not_taken_off_the_days_past_due() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "100.00", due=day(12, 20)))
    history.at(day(12, 17))
    history.do(dispute())  # three days before the due date
    assert history.state.invoices["INV-1"].days_past_due(day(12, 30)) == 0  # set aside
    history.at(day(1, 5, 2027))
    history.do(resolve("upheld_back_to_dunning"))
    invoice = history.state.invoices["INV-1"]
    assert invoice.paused_days == 16  # 20 Dec – 5 Jan: the days it would have been late
    assert invoice.days_past_due(day(1, 20, 2027)) == 15  # late and undisputed since 5 Jan


def test_a_redelivered_payment_after_a_dispute_records_nothing_not_even_a_lower_level() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "100.00", due_day=1),
                              inv.issue("INV-2", "50.00"))  # fmt: skip
    history.given(inv.miss("INV-1"), inv.miss("INV-2"))
    (paid,) = inv.pay("INV-2", "10.00")
    history.given(paid)
    assert history.state.level == 3  # INV-1 is 33 days past due
    history.do(dispute("INV-1"))  # a dispute lowers no level by itself
    assert history.when(paid) == []  # the same payment again is no new fact
    assert history.state.level == 3
