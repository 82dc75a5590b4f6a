"""What the debtor API answers: the debtor's state, its invoices and its timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel

from services.collections.application.timeline import summary
from services.collections.domain.state import Debtor, DebtorStatus, TrackedInvoice
from shared.contracts import Event, Money
from shared.eventstore import VerifyReport


class InvoiceLine(BaseModel):
    invoice_id: str
    external_number: str
    amount: Money | None
    outstanding: Money | None
    due_date: dt.date | None
    missed: bool
    overdue: bool

    @classmethod
    def of(cls, invoice: TrackedInvoice) -> InvoiceLine:
        amount, currency = invoice.amount, invoice.currency
        known = amount is not None and currency is not None
        return cls(
            invoice_id=invoice.invoice_id,
            external_number=invoice.external_number,
            amount=Money(amount=amount, currency=currency) if known else None,
            outstanding=invoice.outstanding_money(),
            due_date=invoice.due_date,
            missed=invoice.missed,
            overdue=invoice.overdue,
        )


class TimelineEntry(BaseModel):
    version: int
    event_id: uuid.UUID
    type: str
    occurred_at: AwareDatetime
    summary: str

    @classmethod
    def of(cls, event: Event) -> TimelineEntry:
        return cls(
            version=event.aggregate_version,
            event_id=event.event_id,
            type=event.type,
            occurred_at=event.occurred_at,
            summary=summary(event),
        )


class DebtorView(BaseModel):
    """A debtor as collections sees it, with every event of its history."""

    customer_id: str
    state: DebtorStatus
    level: int
    policy_version: str | None
    registered: bool
    jurisdiction: str | None
    currency: str | None
    overdue: list[Money]
    outstanding: list[Money]
    invoices: list[InvoiceLine]
    timeline: list[TimelineEntry]
    version: int

    @classmethod
    def of(cls, debtor: Debtor, events: Sequence[Event], version: int) -> DebtorView:
        return cls(
            customer_id=debtor.customer_id,
            state=debtor.status,
            level=debtor.level,
            policy_version=debtor.policy_version,
            registered=debtor.registered,
            jurisdiction=debtor.jurisdiction,
            currency=debtor.currency,
            overdue=_monies(debtor.overdue_by_currency()),
            outstanding=_monies(debtor.outstanding_by_currency()),
            invoices=[InvoiceLine.of(i) for i in debtor.invoices_by_due_date()],
            timeline=[TimelineEntry.of(e) for e in events],
            version=version,
        )


def _monies(totals: dict[str, Decimal]) -> list[Money]:
    return [Money(amount=amount, currency=currency) for currency, amount in totals.items()]


class ChainReport(BaseModel):
    """The result of recomputing the debtor's hash chain from the stored bytes."""

    customer_id: str
    ok: bool
    checked: int
    first_bad_version: int | None
    problem: str

    @classmethod
    def of(cls, customer_id: str, report: VerifyReport) -> ChainReport:
        return cls(
            customer_id=customer_id,
            ok=report.ok,
            checked=report.checked,
            first_bad_version=report.first_bad_version,
            problem=report.problem,
        )
