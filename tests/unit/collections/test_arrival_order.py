"""Facts about a debtor arrive late, early, twice, or before the debtor is registered."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.collections.domain.commands import command_for
from services.collections.domain.decide import decide
from services.collections.domain.errors import CommandForAnotherDebtor, InvoiceCurrencyMismatch
from shared.contracts.collections import DunningLevelReached
from shared.contracts.customers import ContactConsentChanged, CreditRated
from shared.contracts.notifications import NotificationRequested
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    NOW,
    History,
    Invoices,
    envelope,
    money,
    one,
    registered,
    types,
)


def test_a_payment_arriving_before_its_invoice_keeps_the_newer_balance() -> None:
    inv = Invoices()
    issued = inv.issue("INV-1", "100.00")
    (paid,) = inv.pay("INV-1", "40.00")
    history = History().given(paid, issued)
    invoice = history.state.invoices["INV-1"]
    assert (invoice.outstanding, invoice.amount, invoice.issued) == (
        Decimal("60.00"), Decimal("100.00"), True,
    )  # fmt: skip


def test_a_missed_payment_arriving_before_its_invoice_makes_the_debtor_overdue() -> None:
    inv = Invoices()
    issued = inv.issue("INV-1", "100.00")
    missed = inv.miss("INV-1")
    history = History()
    events = history.when(missed)
    assert one(events, DunningLevelReached).overdue == money("100.00")
    assert history.when(issued) and history.state.status == "overdue"
    assert types(history.events).count("NotificationRequested") == 1


def test_a_missed_payment_arriving_after_the_invoice_was_paid_off_leaves_the_debtor_current() -> (
    None
):
    inv = Invoices()
    issued = inv.issue("INV-1", "100.00")
    missed = inv.miss("INV-1")
    paid, settled = inv.pay("INV-1", "100.00")
    history = History().given(issued, paid, settled)
    events = history.when(missed)
    assert types(events) == ["DebtorInvoiceOverdue"]
    invoice = history.state.invoices["INV-1"]
    assert (invoice.missed, invoice.outstanding, history.state.status) == (
        True, Decimal("0.00"), "current",
    )  # fmt: skip


def test_a_settlement_arriving_before_the_last_payment_clears_and_stays_cleared() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    paid, settled = inv.pay("INV-1", "100.00")
    assert types(history.when(settled)) == ["DebtorInvoiceClosed", "DebtorCleared"]
    assert types(history.when(paid)) == ["DebtorPaymentApplied"]
    assert history.state.invoices["INV-1"].outstanding == 0
    assert history.state.status == "current"


def test_a_settlement_of_an_unknown_invoice_is_remembered_so_its_late_issue_owes_nothing() -> None:
    inv = Invoices()
    issued = inv.issue("INV-1", "100.00")
    _, settled = inv.pay("INV-1", "100.00")
    history = History().given(settled, issued)
    assert history.state.invoices["INV-1"].outstanding == 0
    assert history.state.outstanding_by_currency() == {}


def test_invoices_of_an_unregistered_debtor_are_tracked_and_registration_fills_in_later() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00"), inv.miss("INV-1"))
    assert not history.state.registered and history.state.status == "overdue"
    events = history.when(registered())
    assert types(events) == ["DebtorRegistered"]
    assert (history.state.jurisdiction, history.state.currency) == ("cn", "CNY")
    assert history.state.status == "overdue"


def test_balances_are_kept_per_currency() -> None:
    inv = Invoices()
    history = History().given(registered(currency="USD"))
    history.given(inv.issue("INV-1", "100.00", "CNY"), inv.issue("INV-2", "30.00", "USD"))
    history.given(inv.miss("INV-1"), inv.miss("INV-2"))
    assert history.state.overdue_by_currency() == {
        "CNY": Decimal("100.00"),
        "USD": Decimal("30.00"),
    }
    history.given(*inv.pay("INV-1", "100.00"))
    assert history.state.status == "overdue"
    history.given(*inv.pay("INV-2", "30.00"))
    assert history.state.status == "current"


def test_the_reminder_states_the_overdue_balance_in_the_currency_it_is_overdue_in() -> None:
    inv = Invoices()
    history = History().given(registered(currency="CNY"), inv.issue("INV-1", "30.00", "USD"))
    request = one(history.when(inv.miss("INV-1")), NotificationRequested)
    assert request.total_outstanding == money("30.00", "USD")


def test_a_fact_in_another_currency_than_its_invoice_is_refused_by_name() -> None:
    inv = Invoices()
    history = History().given(inv.issue("INV-1", "100.00", "CNY"))
    other = Invoices()
    other.issue("INV-1", "100.00", "USD")
    other.versions["INV-1"] = 1
    with pytest.raises(InvoiceCurrencyMismatch, match="INV-1 is in CNY"):
        history.when(other.miss("INV-1"))


def test_a_command_for_another_debtor_is_refused_by_name() -> None:
    cmd = command_for(Invoices("C-2002").issue("INV-9", "10.00"))
    assert cmd is not None
    with pytest.raises(CommandForAnotherDebtor):
        decide(History(DEBTOR).state, cmd, NOW, BOOK)


def test_an_event_collections_does_not_follow_asks_for_nothing() -> None:
    consent = ContactConsentChanged(
        **envelope(DEBTOR, 2, "customers"), customer_id=DEBTOR, contact_id="K-1",
        channel="email", consent=False, source="STOP",
    )  # fmt: skip
    assert command_for(consent) is None


def test_a_credit_rating_is_taken_note_of_once() -> None:
    rated = CreditRated(
        **envelope(DEBTOR, 2, "customers"), customer_id=DEBTOR, rating="D", score=300, rule="r"
    )
    history = History()
    assert "DebtorRated" in types(history.when(rated))
    assert history.state.rating == "D"
    assert history.when(rated) == []
