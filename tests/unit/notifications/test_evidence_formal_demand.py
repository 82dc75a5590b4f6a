"""A formal demand is marked as such in its evidence, whichever way it was asked for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.notifications.domain.commands import RecordSent
from services.notifications.domain.decide import decide
from services.notifications.domain.facts import facts_of, is_formal_demand
from services.notifications.domain.gate import Gate
from services.notifications.domain.judge import Policy
from services.notifications.domain.message import Receipt
from services.notifications.domain.state import Delivery, NotificationState, evolve, initial
from shared.contracts import Money
from shared.contracts.notifications import NotificationAccepted, NotificationSent
from shared.kernel import new_event

NOW = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
POLICY = Policy(Gate(), frozenset({"email", "webhook"}))


def accepted(template: str, formal: bool) -> NotificationState:
    total = Money(amount=Decimal("100.00"), currency="CNY")
    event = new_event(NotificationAccepted, NOW, request_id="req-1", customer_id="C-1",
                      template=template, channels=("webhook",), formal_demand=formal,
                      total_outstanding=total)  # fmt: skip
    return evolve(initial("req-1"), event)


def test_the_request_flag_or_the_demand_letter_template_make_a_formal_demand() -> None:
    assert is_formal_demand(accepted("overdue_reminder_2", formal=True))
    assert is_formal_demand(accepted("demand_letter", formal=False))
    assert not is_formal_demand(accepted("overdue_reminder_2", formal=False))


def test_the_facts_a_template_sees_carry_the_flag_and_the_unsubscribe_link() -> None:
    facts = facts_of(accepted("overdue_reminder_2", True), "Li Wei", "https://u")
    assert facts.formal_demand is True and facts.unsubscribe_link == "https://u"


def test_the_sent_evidence_gets_the_key_the_flag_and_a_known_arrival_time() -> None:
    claimed = accepted("demand_letter", False).with_delivery(
        Delivery(channel="webhook", contact_id="ct-1", status="allowed", attempts=1)
    )
    receipt = Receipt("1", "a" * 64, "***", "accepted", NOW)
    sent = RecordSent(channel="webhook", contact_id="ct-1", addressee_role="debtor_staff",
                      receipt=receipt, key="req-1:webhook:ct-1:1", delivered_at=NOW)  # fmt: skip

    [event] = decide(claimed, sent, NOW, POLICY).events

    assert isinstance(event, NotificationSent)
    assert (event.idempotency_key, event.formal_demand, event.delivered_at) == (
        "req-1:webhook:ct-1:1", True, NOW)  # fmt: skip
