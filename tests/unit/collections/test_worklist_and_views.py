"""The worklist's ranking, the debtor view's next step and state as of a day, and the
formal demand's delivery followed from notifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.collections.application.views import DebtorView
from services.collections.application.worklist import WorklistQuery, entry_for
from services.collections.domain.commands import MakePromise, RecordDemandDelivered, command_for
from services.collections.domain.state import fold, initial
from shared.contracts.notifications import NotificationSent
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    NOW,
    History,
    Invoices,
    day,
    envelope,
    money,
    overdue_debtor,
)


def test_a_debtor_with_nothing_overdue_is_not_on_the_worklist() -> None:
    assert entry_for(initial(DEBTOR), 1, BOOK, NOW) is None


def test_more_money_overdue_ranks_higher_and_broken_promises_rank_lower() -> None:
    small, _ = overdue_debtor("1000.00")
    large, _ = overdue_debtor("50000.00")
    small_entry = entry_for(small.state, 1, BOOK, NOW)
    large_entry = entry_for(large.state, 1, BOOK, NOW)
    assert small_entry and large_entry and large_entry.score > small_entry.score
    unreliable = large.state.model_copy(update={"broken_promises": 2})
    worse = entry_for(unreliable, 1, BOOK, NOW)
    assert worse and worse.score < large_entry.score


def test_a_poor_credit_rating_ranks_lower_for_the_same_amount() -> None:
    history, _ = overdue_debtor("5000.00")
    good = entry_for(history.state.model_copy(update={"rating": "A"}), 1, BOOK, NOW)
    poor = entry_for(history.state.model_copy(update={"rating": "E"}), 1, BOOK, NOW)
    assert good and poor and good.score > poor.score


def test_worklist_filters_admit_by_state_currency_amount_and_age() -> None:
    history, _ = overdue_debtor("5000.00")
    entry = entry_for(history.state, 1, BOOK, NOW)
    assert entry is not None
    assert WorklistQuery(state="overdue", currency="CNY", min_overdue=5000).admits(entry)
    assert not WorklistQuery(min_overdue=Decimal("5000.01")).admits(entry)
    assert not WorklistQuery(min_days_past_due=5).admits(entry)
    assert not WorklistQuery(state="promise_pending").admits(entry)


def test_the_view_names_the_next_scheduled_step_and_days_past_due_per_invoice() -> None:
    history, _ = overdue_debtor()
    view = DebtorView.of(history.state, history.events, len(history.events), BOOK, NOW)
    assert view.next_step is not None
    assert (view.next_step.on, view.next_step.what) == (
        day(12, 15),
        "level overdue.second_reminder",
    )
    assert view.invoices[0].days_past_due == 4


def test_the_view_as_of_a_past_instant_folds_only_the_events_until_then() -> None:
    history, _ = overdue_debtor()
    history.at(day(12, 5))
    history.do(
        MakePromise(
            customer_id=DEBTOR,
            promise_id="P-1",
            amount=money("100.00"),
            due_on=day(12, 9),
            channel="phone",
            taken_by="c",
        )
    )
    cut = dt.datetime(2026, 12, 4, 23, tzinfo=dt.UTC)
    before = [e for e in history.events if e.occurred_at <= cut]
    then = DebtorView.of(fold(initial(DEBTOR), before), before, len(before), BOOK, cut)
    now = DebtorView.of(history.state, history.events, len(history.events), BOOK, history.now)
    assert (then.state, now.state) == ("overdue", "promise_pending")


def test_a_sent_demand_letter_is_followed_as_delivered_other_messages_are_not() -> None:
    sent = NotificationSent(
        **envelope("N-1", 3, "notifications"),
        request_id="R-1",
        customer_id=DEBTOR,
        channel="letter",
        template="demand_letter",
        template_version="1",
        content_sha256="0" * 64,
        masked_address="S*** R***",
        addressee_role="debtor",
        sent_at=dt.datetime(2027, 1, 3, 2, tzinfo=dt.UTC),
        provider_result="posted",
    )
    assert command_for(sent) == RecordDemandDelivered(
        customer_id=DEBTOR, request_id="R-1", delivered_on=day(1, 3, 2027)
    )
    reminder = sent.model_copy(update={"template": "overdue_reminder_1", "channel": "email"})
    assert command_for(reminder) is None


def test_a_paid_invoice_reads_zero_to_the_currencys_minor_unit_whichever_fact_came_last() -> None:
    """The settlement's fact (no amount) arriving after the payment's (0.00 left) used to
    turn the view's "0.00" into "0"."""
    invoices = Invoices()
    issued = invoices.issue("INV-1", "500.00")
    received, settled = invoices.pay("INV-1", "500.00")
    for order in ([received, settled], [settled, received]):
        history = History()
        history.when(issued)
        for fact in order:
            history.when(fact)
        view = DebtorView.of(history.state, history.events, len(history.events), BOOK, NOW)
        assert [(i.invoice_id, str(i.outstanding)) for i in view.invoices] == [
            ("INV-1", "0.00 CNY")
        ]
