"""The debtor view: balances per currency, invoices and a readable, PII-free timeline."""

from __future__ import annotations

from services.collections.application.views import DebtorView
from tests.unit.collections.given import BOOK, NOW, History, Invoices, money, registered


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
