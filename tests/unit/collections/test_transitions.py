"""The debtor's slice state machine: current → overdue (level 1, one reminder) → current."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.collections.domain.actions import step_id
from services.collections.domain.events import DebtorInvoiceTracked
from services.collections.domain.policy import RULE_OVERDUE_BALANCE_PAID
from shared.contracts.collections import DebtorCleared, DunningLevelReached
from shared.contracts.notifications import InvoiceRef, NotificationRequested
from tests.unit.collections.given import History, Invoices, money, one, registered, types

RULE_FIRST_MISSED_PAYMENT = "overdue.first_missed_payment"  # level 1 of the cn policy
VERSION = "cn-2026.1"


def reminder_request_id(episode: int) -> str:
    """Level 1's first action (the reminder) in the given overdue episode."""
    return step_id(History().state.model_copy(update={"episode": episode}), 1, 0, "reminder")


def test_an_issued_invoice_is_tracked_with_its_whole_amount_outstanding() -> None:
    inv = Invoices()
    events = History().when(inv.issue("INV-1", "12000.00"))
    tracked = one(events, DebtorInvoiceTracked)
    assert (tracked.invoice_id, tracked.outstanding, tracked.invoice_version) == (
        "INV-1", money("12000.00"), 1,
    )  # fmt: skip
    assert types(events) == ["DebtorInvoiceTracked", "PolicyAssigned"]


def test_the_first_missed_payment_makes_the_debtor_overdue_and_asks_for_one_reminder() -> None:
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", "12000.00"))
    history.given(*inv.pay("INV-1", "2000.00"))
    events = history.when(inv.miss("INV-1"))

    assert types(events) == ["DebtorInvoiceOverdue", "DunningLevelReached", "NotificationRequested"]
    level = one(events, DunningLevelReached)
    assert (level.level, level.state, level.overdue) == (1, "overdue", money("10000.00"))
    assert (level.rule, level.policy_version) == (RULE_FIRST_MISSED_PAYMENT, VERSION)
    assert level.overdue_by_currency == (money("10000.00"),)
    request = one(events, NotificationRequested)
    assert request.request_id == reminder_request_id(1)
    assert (request.template, request.channels) == ("overdue_reminder_1", ("email", "log"))
    assert request.invoices == (
        InvoiceRef(
            invoice_id="INV-1",
            external_number="INV-1",
            due_date=inv.due_dates["INV-1"],
            outstanding=money("10000.00"),
        ),
    )
    assert request.total_outstanding == money("10000.00")
    assert (history.state.status, history.state.level, history.state.episode) == ("overdue", 1, 1)


def test_a_second_missed_payment_while_overdue_adds_to_the_balance_without_a_new_level() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.issue("INV-2", "50.00"))
    history.given(inv.miss("INV-1"))
    events = history.when(inv.miss("INV-2"))
    assert types(events) == ["DebtorInvoiceOverdue"]
    assert history.state.status == "overdue"
    assert history.state.overdue_by_currency() == {"CNY": Decimal("150.00")}


def test_paying_the_overdue_balance_to_zero_clears_the_debtor_back_to_current() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    events = history.when(*inv.pay("INV-1", "100.00"))
    assert types(events) == ["DebtorPaymentApplied", "DebtorCleared", "DebtorInvoiceClosed"]
    cleared = one(events, DebtorCleared)
    assert (cleared.rule, cleared.policy_version) == (RULE_OVERDUE_BALANCE_PAID, VERSION)
    assert (history.state.status, history.state.level) == ("current", 0)
    assert history.state.overdue_by_currency() == {}


def test_a_partial_payment_keeps_the_debtor_overdue_with_the_rest() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    events = history.when(*inv.pay("INV-1", "60.00"))
    assert types(events) == ["DebtorPaymentApplied"]
    assert history.state.status == "overdue"
    assert history.state.overdue_by_currency() == {"CNY": Decimal("40.00")}


def test_paying_one_of_two_overdue_invoices_keeps_the_debtor_overdue() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.issue("INV-2", "70.00"))
    history.given(inv.miss("INV-1"), inv.miss("INV-2"))
    events = history.when(*inv.pay("INV-1", "100.00"))
    assert "DebtorCleared" not in types(events)
    assert history.state.overdue_by_currency() == {"CNY": Decimal("70.00")}


def test_paying_an_invoice_that_is_not_overdue_changes_no_state() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.issue("INV-2", "70.00"))
    history.given(inv.miss("INV-1"))
    events = history.when(*inv.pay("INV-2", "70.00"))
    assert types(events) == ["DebtorPaymentApplied", "DebtorInvoiceClosed"]
    assert history.state.status == "overdue"


def test_a_new_overdue_episode_after_clearing_asks_for_a_reminder_with_a_new_request_id() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    history.given(*inv.pay("INV-1", "100.00"), inv.issue("INV-2", "30.00"))
    events = history.when(inv.miss("INV-2"))
    request = one(events, NotificationRequested)
    assert request.request_id == reminder_request_id(2)
    assert request.request_id != reminder_request_id(1)
    assert [i.invoice_id for i in request.invoices] == ["INV-2"]
    assert history.state.episode == 2


@pytest.mark.parametrize("step", ["issue", "pay", "miss", "settle", "register"])
def test_a_redelivered_event_records_nothing(step: str) -> None:
    inv = Invoices()
    issued = inv.issue("INV-1", "100.00")
    missed = inv.miss("INV-1")
    paid, settled = inv.pay("INV-1", "100.00")
    history = History().given(registered(), issued, missed, paid, settled)
    again = {"issue": issued, "pay": paid, "miss": missed, "settle": settled,
             "register": registered()}[step]  # fmt: skip
    assert history.when(again) == []


def test_a_redelivered_missed_payment_while_overdue_asks_for_no_second_reminder() -> None:
    inv = Invoices()
    issued = inv.issue("INV-1", "100.00")
    missed = inv.miss("INV-1")
    history = History().given(issued, missed)
    assert history.when(missed, missed) == []
    assert types(history.events).count("NotificationRequested") == 1


def test_every_transition_names_the_policy_version_and_the_rule_that_fired() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    history.given(*inv.pay("INV-1", "100.00"))
    transitions = [e for e in history.events if isinstance(e, DunningLevelReached | DebtorCleared)]
    assert [(e.type, e.policy_version, e.rule) for e in transitions] == [
        ("DunningLevelReached", VERSION, RULE_FIRST_MISSED_PAYMENT),
        ("DebtorCleared", VERSION, RULE_OVERDUE_BALANCE_PAID),
    ]
