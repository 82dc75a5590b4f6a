"""Builders shared by the notifications unit tests."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.notifications.domain.commands import (
    Command,
    JudgeAgain,
    RecordFailure,
    RecordSent,
    TakeRequest,
)
from services.notifications.domain.decide import decide
from services.notifications.domain.gate import Gate
from services.notifications.domain.judge import Policy
from services.notifications.domain.message import Receipt
from services.notifications.domain.recipient import Audience, Recipient
from services.notifications.domain.state import NotificationState
from shared.contracts import Money
from shared.contracts.notifications import Channel, InvoiceRef, NotificationRequested
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, stamp
from shared.kernel import Decision, Timer

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYTIME = dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)
NIGHT = dt.datetime(2026, 11, 2, 23, 0, tzinfo=SHANGHAI)
NEXT_MORNING = dt.datetime(2026, 11, 3, 8, 0, tzinfo=SHANGHAI)


def cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


def invoice(number: str = "INV-2026-0042", outstanding: str = "12345.50") -> InvoiceRef:
    return InvoiceRef(
        invoice_id=f"inv-{number}", external_number=number,
        due_date=dt.date(2026, 10, 1), outstanding=cny(outstanding),
    )  # fmt: skip


def requested(
    request_id: str = "req-1", customer_id: str = "C-1", channels: tuple[str, ...] = ("email",)
) -> NotificationRequested:
    return NotificationRequested(
        event_id=uuid.uuid4(), occurred_at=DAYTIME, aggregate_id=customer_id,
        aggregate_version=3, correlation_id=uuid.uuid4(), producer="collections",
        request_id=request_id, customer_id=customer_id, template="overdue_reminder_1",
        channels=channels, invoices=(invoice(),), total_outstanding=cny("12345.50"),  # type: ignore[arg-type]
    )  # fmt: skip


def recipient(contact_id: str = "ct-1", **overrides: object) -> Recipient:
    fields: dict[str, object] = {
        "contact_id": contact_id, "role": "debtor_staff", "language": "zh-CN",
        "timezone": "Asia/Shanghai", "consent": {"email": True},
        "reachable": frozenset({"email", "log"}),
    }  # fmt: skip
    fields.update(overrides)
    return Recipient.model_validate(fields)


def audience(*recipients: Recipient, jurisdiction: str = "cn") -> Audience:
    return Audience(
        customer_id="C-1", jurisdiction=jurisdiction, recipients=recipients or (recipient(),)
    )


POLICY = Policy(Gate(), frozenset({"email", "log"}))
FLOW = uuid.UUID(int=42)


def decided(
    state: NotificationState, command: Command, now: dt.datetime, version: int, seed: str = "seed"
) -> Decision:
    """``decide`` as the repository runs it: the events stamped from ``seed`` and ``version``."""
    decision = decide(state, command, now, POLICY)
    ref = StreamRef("notification", state.request_id, "C-1")
    events = stamp(decision.events, ref, version, seed, "notifications", Cause(FLOW))
    return Decision(events=events, schedule=decision.schedule, cancel=decision.cancel)


def taking(
    state: NotificationState, version: int, now: dt.datetime, request: NotificationRequested,
    who: Audience | None,
) -> Decision:  # fmt: skip
    return decided(state, TakeRequest(request=request, audience=who), now, version)


def judging_again(
    state: NotificationState, version: int, now: dt.datetime, timer: Timer, who: Audience | None
) -> Decision:
    return decided(state, JudgeAgain(timer=timer, audience=who), now, version)


def recording_sent(
    state: NotificationState, version: int, now: dt.datetime, channel: Channel, contact_id: str,
    role: str, receipt: Receipt,
) -> Decision:  # fmt: skip
    key = f"{state.request_id}:{channel}:{contact_id}:1"
    sent = RecordSent(channel=channel, contact_id=contact_id, addressee_role=role,
                      receipt=receipt, key=key)  # fmt: skip
    return decided(state, sent, now, version)


def recording_failure(
    state: NotificationState, version: int, now: dt.datetime, channel: Channel, contact_id: str,
    error: str, permanent: bool,
) -> Decision:  # fmt: skip
    failed = RecordFailure(channel=channel, contact_id=contact_id, error=error,
                           permanent=permanent, correlation_id=FLOW)  # fmt: skip
    return decided(state, failed, now, version)


# The ids of every rule the gate asks, in order (each delivery's evidence lists them all).
EVERY_RULE = ["PACK", "R1", "R2", "R3", "R4", "R6", "R7", "R9", "T1", "T2", "T3", "T4", "T5"]
