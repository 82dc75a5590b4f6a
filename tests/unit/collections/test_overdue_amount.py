"""One overdue amount everywhere: a disputed invoice is set aside from the debtor view, the
worklist, the policy's conditions and every figure a message states; a plan's message
states the plan's own total, the sum of its instalments."""

from __future__ import annotations

from decimal import Decimal

from services.collections.application.views import DebtorView
from services.collections.application.worklist import entry_for
from services.collections.domain.commands import (
    AgreePlan,
    DisputeInvoice,
    OfferSettlement,
    PlannedInstalment,
)
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    History,
    Invoices,
    day,
    money,
    one,
    registered,
)


def disputed_and_owing() -> History:
    """INV-1 (12,000) and INV-2 (5,000) both missed; INV-2 is disputed."""
    inv = Invoices()
    history = History().given(
        registered(), inv.issue("INV-1", "12000.00"), inv.issue("INV-2", "5000.00")
    )
    history.given(inv.miss("INV-1"), inv.miss("INV-2"))
    history.do(DisputeInvoice(customer_id=DEBTOR, invoice_id="INV-2", reason="quality",
                              raised_by="c-7"))  # fmt: skip
    return history


def view(history: History) -> DebtorView:
    return DebtorView.of(history.state, history.events, len(history.events), BOOK, history.now)


def test_the_view_and_the_worklist_set_a_disputed_invoice_aside_like_the_settlement_offer() -> None:
    history = disputed_and_owing()
    shown = view(history)
    assert shown.overdue == [money("12000.00")]
    assert shown.disputed == [money("5000.00")]
    assert shown.outstanding == [money("17000.00")]
    lines = {i.invoice_id: (i.overdue, i.disputed) for i in shown.invoices}
    assert lines == {"INV-1": (True, None), "INV-2": (False, "quality")}
    entry = entry_for(history.state, len(history.events), BOOK, history.now)
    assert entry is not None and entry.overdue == money("12000.00")
    offer = OfferSettlement(customer_id=DEBTOR, offer_id="S-1", discount=money("1000.00"),
                            valid_until=day(12, 31), offered_by="c-7")  # fmt: skip
    offered = one(history.do(offer), c.SettlementOffered)
    assert offered.pay.amount + offered.discount.amount == shown.overdue[0].amount


def test_messages_and_conditions_count_the_same_overdue_amount_as_the_view() -> None:
    history = disputed_and_owing()
    events = history.review(day(12, 15))
    reminder = one(events, NotificationRequested)
    level = one(events, c.DunningLevelReached)
    assert reminder.total_outstanding == level.overdue == view(history).overdue[0]
    assert [i.invoice_id for i in reminder.invoices] == ["INV-1"]


def test_a_debtor_whose_only_overdue_invoice_is_disputed_leaves_the_worklist() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "900.00"), inv.miss("INV-1"))
    assert entry_for(history.state, 1, BOOK, history.now) is not None
    history.do(DisputeInvoice(customer_id=DEBTOR, invoice_id="INV-1", reason="price",
                              raised_by="c-7"))  # fmt: skip
    assert entry_for(history.state, 1, BOOK, history.now) is None
    assert view(history).overdue == [] and view(history).disputed == [money("900.00")]


def test_a_plan_message_states_the_sum_of_its_instalments_not_the_overdue_total() -> None:
    history = disputed_and_owing()
    parts = ((day(12, 10), "4100.00"), (day(1, 10, 2027), "4100.00"), (day(2, 10, 2027), "4100.00"))
    plan = AgreePlan(customer_id=DEBTOR, plan_id="PL-1", taken_by="c-7", instalments=tuple(
        PlannedInstalment(due_on=d, amount=money(a)) for d, a in parts))  # fmt: skip
    request = one(history.do(plan), NotificationRequested)
    assert request.template == "payment_plan_schedule"
    assert request.plan_total == money("12300.00")
    assert request.plan_total.amount == sum((i.amount.amount for i in request.instalments),
                                            Decimal(0))  # fmt: skip
    assert request.total_outstanding == money("12000.00")  # the disputed 5,000 set aside
