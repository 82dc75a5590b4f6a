"""Given a debtor's send history and flags, when a request is taken, then the gate's events."""

from __future__ import annotations

from datetime import timedelta

from services.notifications.domain.history import SendHistory, SentRecord
from services.notifications.domain.recipient import Audience
from services.notifications.domain.state import initial
from tests.unit.notifications.builders import DAYTIME, recipient, requested, taking

YESTERDAY = SentRecord(at=DAYTIME - timedelta(days=1), request_id="req-0", channel="email",
                       contact_id="ct-1", template="overdue_reminder_1")  # fmt: skip


def debtor(*people: object, history: SendHistory | None = None) -> Audience:
    return Audience(customer_id="C-1", jurisdiction="cn",
                    recipients=people or (recipient(),),  # type: ignore[arg-type]
                    history=history or SendHistory())  # fmt: skip


def test_a_reminder_a_day_after_the_last_one_is_deferred_with_a_durable_timer() -> None:
    history = SendHistory(records=(YESTERDAY,))
    decision = taking(initial("req-1"), 0, DAYTIME, requested(), debtor(history=history))
    deferred = decision.events[1]
    assert (deferred.type, deferred.rule) == ("NotificationDeferred", "T4")  # type: ignore[attr-defined]
    assert deferred.until == DAYTIME + timedelta(days=1)  # type: ignore[attr-defined]
    [timer] = decision.schedule
    assert timer.due_at == deferred.until  # type: ignore[attr-defined]


def test_a_represented_debtor_is_written_to_through_the_lawyer_only() -> None:
    staff = recipient("ct-staff", represented_by_lawyer=True)
    lawyer = recipient("ct-lawyer", role="lawyer")
    decision = taking(initial("req-1"), 0, DAYTIME, requested(), debtor(staff, lawyer))  # fmt: skip
    outcome = {e.contact_id: (e.type, getattr(e, "rule", "")) for e in decision.events[1:]}  # type: ignore[attr-defined]
    assert outcome == {"ct-staff": ("NotificationSuppressed", "R2"),
                       "ct-lawyer": ("NotificationAllowed", "")}  # fmt: skip


def test_after_a_cease_contact_request_a_reminder_is_suppressed_with_r4() -> None:
    ceased = debtor(recipient(cease_contact=True))
    decision = taking(initial("req-1"), 0, DAYTIME, requested(), ceased)
    suppressed = decision.events[1]
    assert (suppressed.type, suppressed.rule) == ("NotificationSuppressed", "R4")  # type: ignore[attr-defined]
