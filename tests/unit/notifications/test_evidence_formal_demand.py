"""A formal demand is marked as such in its evidence, whichever way it was asked for."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from services.notifications.application.facts import facts_of, is_formal_demand, with_evidence
from services.notifications.application.ports import Contact
from services.notifications.domain.state import NotificationState, evolve, initial
from shared.contracts import Money
from shared.contracts.notifications import NotificationAccepted, NotificationSent
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision

NOW = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
STAMP = Stamp(aggregate_id="req-1", version=2, now=NOW, producer="notifications",
              correlation_id=uuid.uuid4(), causation_id=None, seed="s")  # fmt: skip


def accepted(template: str, formal: bool) -> NotificationState:
    total = Money(amount=Decimal("100.00"), currency="CNY")
    event = STAMP.make(NotificationAccepted, request_id="req-1", customer_id="C-1",
                       template=template, channels=("email",), formal_demand=formal,
                       total_outstanding=total)  # fmt: skip
    return evolve(initial("req-1"), event)


def test_the_request_flag_or_the_demand_letter_template_make_a_formal_demand() -> None:
    assert is_formal_demand(accepted("overdue_reminder_2", formal=True))
    assert is_formal_demand(accepted("demand_letter", formal=False))
    assert not is_formal_demand(accepted("overdue_reminder_2", formal=False))


def test_the_facts_a_template_sees_carry_the_flag_and_the_unsubscribe_link() -> None:
    facts = facts_of(accepted("overdue_reminder_2", True), Contact(contact_id="ct-1"), "https://u")
    assert facts.formal_demand is True and facts.unsubscribe_link == "https://u"


def test_the_sent_evidence_gets_the_key_the_flag_and_a_known_arrival_time() -> None:
    def record(state: NotificationState, stamp: Stamp) -> Decision:
        return Decision(events=[stamp.make(
            NotificationSent, request_id="req-1", customer_id="C-1", channel="webhook",
            template="demand_letter", template_version="1", content_sha256="a" * 64,
            masked_address="***", addressee_role="debtor_staff", sent_at=NOW,
            provider_result="accepted")])  # fmt: skip

    decide = with_evidence(record, "req-1:webhook:ct-1:1", True, NOW)
    [sent] = decide(accepted("demand_letter", False), STAMP).events
    assert (sent.idempotency_key, sent.formal_demand, sent.delivered_at) == (  # type: ignore[attr-defined]
        "req-1:webhook:ct-1:1", True, NOW)  # fmt: skip
