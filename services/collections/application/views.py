"""What the debtor API answers: the debtor's state, its invoices and its timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel

from services.collections.application.timeline import summary
from services.collections.domain.book import PolicyBook
from services.collections.domain.decide import context
from services.collections.domain.model import OpenTask, Plan, Promise
from services.collections.domain.review import next_steps
from services.collections.domain.state import Debtor, DebtorStatus, TrackedInvoice
from shared.contracts import Event, Money
from shared.infra.eventstore import VerifyReport


class InvoiceLine(BaseModel):
    invoice_id: str
    external_number: str
    amount: Money | None
    outstanding: Money | None
    due_date: dt.date | None
    missed: bool
    overdue: bool
    days_past_due: int | None = None
    disputed: str | None = None
    closed_by: str | None = None

    @classmethod
    def of(cls, invoice: TrackedInvoice, today: dt.date | None = None) -> InvoiceLine:
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
            days_past_due=invoice.days_past_due(today) if today and invoice.owing else None,
            disputed=invoice.disputed,
            closed_by=invoice.closed_by,
        )


class NextStep(BaseModel):
    on: dt.date
    what: str


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
    """A debtor as collections sees it (now, or as of a past instant), with its history."""

    customer_id: str
    state: str
    stage: DebtorStatus
    level: int
    policy_version: str | None
    policy_id: str | None = None
    registered: bool
    jurisdiction: str | None
    currency: str | None
    segment: str | None = None
    rating: str | None = None
    classification: str | None = None
    supply_halted: bool = False
    broken_promises: int = 0
    promise: Promise | None = None
    plan: Plan | None = None
    overdue: list[Money]
    outstanding: list[Money]
    invoices: list[InvoiceLine]
    next_step: NextStep | None = None
    open_tasks: list[OpenTask] = []
    last_conversation_at: AwareDatetime | None = None
    as_of: AwareDatetime | None = None
    timeline: list[TimelineEntry]
    version: int

    @classmethod
    def of(
        cls, debtor: Debtor, events: Sequence[Event], version: int,
        book: PolicyBook | None = None, now: dt.datetime | None = None,
    ) -> DebtorView:  # fmt: skip
        step, today = None, None
        if book is not None and now is not None:
            ctx = context(debtor, now, book)
            today = ctx.today
            steps = next_steps(debtor, ctx)
            step = NextStep(on=steps[0][0], what=steps[0][1]) if steps else None
        return cls(
            customer_id=debtor.customer_id,
            state=debtor.state,
            stage=debtor.status,
            level=debtor.level,
            policy_version=debtor.policy_version,
            policy_id=debtor.policy_id,
            registered=debtor.registered,
            jurisdiction=debtor.jurisdiction,
            currency=debtor.currency,
            segment=debtor.segment,
            rating=debtor.rating,
            classification=debtor.classification,
            supply_halted=debtor.halt_id is not None,
            broken_promises=debtor.broken_promises,
            promise=debtor.promise,
            plan=debtor.plan,
            overdue=_monies(debtor.overdue_by_currency()),
            outstanding=_monies(debtor.outstanding_by_currency()),
            invoices=[InvoiceLine.of(i, today) for i in debtor.invoices_by_due_date()],
            next_step=step,
            open_tasks=list(debtor.open_tasks),
            last_conversation_at=debtor.last_conversation_at,
            as_of=now,
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
