"""Inputs for the gate's rule tests: a recipient, a send history, a moment."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.notifications.domain.gate import Gate, GateInput, Verdict
from services.notifications.domain.history import SendHistory, SentRecord
from services.notifications.domain.recipient import Recipient

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def person(**overrides: object) -> Recipient:
    fields: dict[str, object] = {
        "contact_id": "ct-1", "role": "debtor_staff", "language": "zh-CN",
        "timezone": "Asia/Shanghai", "consent": {"email": True, "sms": True},
        "reachable": frozenset({"email", "sms", "log", "letter"}),
    }  # fmt: skip
    fields.update(overrides)
    return Recipient.model_validate(fields)


def sent(at: datetime, request_id: str, template: str = "overdue_reminder_1",
         channel: str = "email", contact_id: str = "ct-1") -> SentRecord:  # fmt: skip
    return SentRecord(at=at, request_id=request_id, channel=channel,  # type: ignore[arg-type]
                      contact_id=contact_id, template=template)  # fmt: skip


def history(*records: SentRecord) -> SendHistory:
    return SendHistory(records=records)


def ask(
    now: datetime,
    *,
    template: str = "overdue_reminder_1",
    channel: str = "email",
    jurisdiction: str = "cn",
    past: SendHistory | None = None,
    gate: Gate | None = None,
    represented: bool = False,
    cease_contact: bool = False,
    **who: object,
) -> Verdict:
    given = GateInput(
        channel, person(**who), jurisdiction, now, template=template,  # type: ignore[arg-type]
        request_id="req-now", history=past or SendHistory(),
        represented=represented, cease_contact=cease_contact,
    )  # fmt: skip
    return (gate or Gate()).decide(given)


def rule_of(verdict: Verdict) -> tuple[str, str, str]:
    deciding = verdict.deciding
    assert deciding is not None
    return verdict.outcome, deciding.rule, deciding.reason


def shanghai(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


DAY = timedelta(days=1)
