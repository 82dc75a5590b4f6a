"""Builders shared by the notifications unit tests."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.notifications.domain.recipient import Audience, Recipient
from shared.contracts import Money
from shared.contracts.notifications import InvoiceRef, NotificationRequested
from shared.infra.legacy_repository import Stamp

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


def stamp(version: int, now: dt.datetime, seed: str = "seed", request_id: str = "req-1") -> Stamp:
    return Stamp(
        aggregate_id=request_id, version=version, now=now, producer="notifications",
        correlation_id=uuid.uuid4(), causation_id=None, seed=seed,
    )  # fmt: skip


# The ids of every rule the gate asks, in order (each delivery's evidence lists them all).
EVERY_RULE = ["R1", "R2", "R3", "R4", "R6", "R7", "R9", "T1", "T2", "T3", "T4", "T5"]
