"""Small builders for events used across tests."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from shared.contracts import Event
from shared.contracts.customers import CustomerRegistered
from shared.contracts.invoicing import InvoiceIssued
from shared.contracts.money import Money

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def invoice_issued(
    customer_id: str = "C-1", version: int = 1, number: str = "INV-1", amount: str = "1200.00"
) -> InvoiceIssued:
    return InvoiceIssued(
        event_id=uuid.uuid4(),
        occurred_at=T0,
        aggregate_id=f"inv-{number}",
        aggregate_version=version,
        correlation_id=uuid.uuid4(),
        producer="invoicing",
        invoice_id=f"inv-{number}",
        customer_id=customer_id,
        external_number=number,
        amount=Money(amount=Decimal(amount), currency="CNY"),
        issue_date=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 12, 1),
    )


def customer_registered(customer_id: str = "C-1", jurisdiction: str = "cn") -> Event:
    """What customers publishes when it registers ``customer_id`` (no personal data)."""
    return CustomerRegistered(
        event_id=uuid.uuid4(),
        occurred_at=T0,
        aggregate_id=customer_id,
        aggregate_version=1,
        correlation_id=uuid.uuid4(),
        producer="customers",
        customer_id=customer_id,
        jurisdiction=jurisdiction,  # type: ignore[arg-type]
        currency="CNY",
    )
