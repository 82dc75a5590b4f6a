"""What collections tells notifications about legal steps (configured at the next levels,
time-barred debt), and the collector task it raises for a message refused at send time."""

from __future__ import annotations

import datetime as dt

from services.collections.domain.actions import request
from services.collections.domain.book import PolicyBook
from services.collections.domain.commands import command_for
from services.collections.domain.decide import context
from shared.contracts import collections as c
from shared.contracts.notifications import NotificationRequested, NotificationSuppressed
from tests.unit.collections.given import (
    BOOK,
    DEBTOR,
    History,
    Invoices,
    envelope,
    of_type,
    one,
    overdue_debtor,
    registered,
)


def test_a_reminder_names_the_hand_overs_the_policy_configures_at_later_levels() -> None:
    history, _ = overdue_debtor()
    history.at(dt.date(2026, 12, 4))
    [first] = of_type(history.events, NotificationRequested)
    assert first.legal_steps == ("agency", "legal")  # cn: level 5 agency, level 6 legal
    assert first.time_barred is False


def test_without_hand_overs_in_the_policy_no_legal_step_is_named() -> None:
    calm = book_without_hand_overs()
    inv = Invoices()
    history = History(book=calm).given(registered(), inv.issue("INV-1", "12000.00"))
    history.given(inv.miss("INV-1"))
    [first] = of_type(history.events, NotificationRequested)
    assert first.legal_steps == ()


def test_a_debt_past_its_limitation_period_is_marked_time_barred() -> None:
    inv = Invoices()
    history = History().given(registered())
    history.given(inv.issue("INV-OLD", "5000.00", due=dt.date(2022, 1, 10)))  # ended 2025
    ctx = context(history.state, history.now, BOOK)
    asked = request(history.state, ctx, "r", "req-old", "overdue_reminder_2", ("email",))
    assert asked.time_barred is True
    fresh = Invoices()
    recent = History().given(registered(), fresh.issue("INV-NEW", "800.00"))
    ctx = context(recent.state, recent.now, BOOK)
    asked = request(recent.state, ctx, "r", "req-new", "overdue_reminder_2", ("email",))
    assert asked.time_barred is False


def test_a_message_refused_for_its_wording_at_send_time_raises_a_collector_task() -> None:
    history, _ = overdue_debtor()
    suppressed = NotificationSuppressed(
        **envelope("req-9", 3, "notifications"), request_id="req-9", customer_id=DEBTOR,
        channel="email", contact_id="ct-1", rule="R5", reason="wording:shaming:shaming.boss",
    )  # fmt: skip
    raised = one(history.when(suppressed), c.CollectorTaskRaised)
    assert (raised.task, raised.customer_id) == ("review_refused_message", DEBTOR)
    assert raised.rule == "notifications.wording_refused"


def test_other_suppressions_ask_nothing_of_collections() -> None:
    quiet = NotificationSuppressed(
        **envelope("req-9", 3, "notifications"), request_id="req-9", customer_id=DEBTOR,
        channel="email", contact_id="ct-1", rule="R3", reason="opted_out",
    )  # fmt: skip
    assert command_for(quiet) is None


def book_without_hand_overs() -> PolicyBook:
    cn = next(p for p in BOOK.policies if "cn" in p.applies_to.jurisdictions)
    levels = [
        lvl.model_copy(update={"actions": tuple(a for a in lvl.actions
                                                if a.kind not in ("agency", "legal"))})
        for lvl in cn.levels
    ]  # fmt: skip
    return PolicyBook((cn.model_copy(update={"levels": tuple(levels)}),))
