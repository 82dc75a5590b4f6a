"""The debtor view: balances per currency, invoices and a readable, PII-free timeline."""

from __future__ import annotations

from services.collections.application.views import DebtorView
from services.collections.domain.commands import AgreePlan, DisputeInvoice, PlannedInstalment
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    NOW,
    History,
    Invoices,
    day,
    money,
    overdue_debtor,
    registered,
)


def test_the_view_shows_state_balances_invoices_and_one_timeline_line_per_event() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "100.00", due_day=20))
    history.given(inv.issue("INV-2", "40.00", due_day=25), inv.miss("INV-1"))
    history.given(*inv.pay("INV-1", "30.00"))

    view = DebtorView.of(history.state, history.events, len(history.events), BOOK, NOW)

    assert (view.state, view.level, view.policy_version) == ("overdue", 1, "cn-2026.1")
    assert view.overdue == [money("70.00")]
    assert view.outstanding == [money("110.00")]
    assert [(i.invoice_id, i.outstanding, i.overdue) for i in view.invoices] == [
        ("INV-1", money("70.00"), True),
        ("INV-2", money("40.00"), False),
    ]
    assert [t.version for t in view.timeline] == list(range(1, len(history.events) + 1))
    by_type = {t.type: t.summary for t in view.timeline}
    assert by_type["DunningLevelReached"] == (
        "level 1 (overdue), overdue 100.00 CNY; rule overdue.first_missed_payment, policy cn-2026.1"
    )
    assert by_type["DebtorPaymentApplied"] == (
        "payment PAY-INV-1-3 of 30.00 CNY on invoice INV-1; 70.00 CNY outstanding"
    )
    assert by_type["NotificationRequested"] == (
        "overdue_reminder_1 requested on email, log for 1 invoice(s), 100.00 CNY"
    )


def view_of(history: History) -> DebtorView:
    return DebtorView.of(history.state, history.events, len(history.events), BOOK, history.now)


def test_the_view_names_the_policy_in_force_as_soon_as_the_timeline_does() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "100.00", due_day=20))
    shown = view_of(history)
    assert "policy cn-default cn-2026.1 in force" in [t.summary for t in shown.timeline]
    assert (shown.policy_id, shown.policy_version, shown.level) == ("cn-default", "cn-2026.1", 0)


def halted_debtor() -> History:
    history, _ = overdue_debtor()
    for when in (day(12, 15), day(12, 30), day(1, 14, 2027)):
        history.review(when)
    assert view_of(history).stage == "supply_halted"
    return history


def test_after_supply_resumes_for_a_plan_the_stage_no_longer_reads_supply_halted() -> None:
    history = halted_debtor()
    parts = (PlannedInstalment(due_on=day(1, 31, 2027), amount=money("12000.00")),)
    history.do(AgreePlan(customer_id=DEBTOR, plan_id="PL-1", taken_by="c-7", instalments=parts))
    shown = view_of(history)
    assert "SupplyResumed" in [t.type for t in shown.timeline]
    assert (shown.supply_halted, shown.stage, shown.state) == (
        False, "demand_issued", "payment_plan",
    )  # fmt: skip


def test_after_supply_resumes_with_all_that_is_left_disputed_no_field_says_halted() -> None:
    history = halted_debtor()
    history.do(DisputeInvoice(customer_id=DEBTOR, invoice_id="INV-1", reason="quality",
                              raised_by="c-7"))  # fmt: skip
    shown = view_of(history)
    assert shown.supply_halted is False
    assert "supply_halted" not in (shown.stage, shown.state)
    assert (shown.overdue, shown.disputed) == ([], [money("12000.00")])
