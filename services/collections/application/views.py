"""What the debtor API answers: the debtor's state, its invoices and its timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel

from services.collections.application.timeline import summary
from services.collections.domain.book import PolicyBook
from services.collections.domain.in_force import context_for
from services.collections.domain.model import OpenTask, Plan, Promise
from services.collections.domain.review import next_steps
from services.collections.domain.standing import Standing
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
    overdue: bool  # counts in the debtor's overdue amount (not disputed, not exempt)
    days_past_due: int | None = None
    disputed: str | None = None
    exempt: bool = False  # the policy exempts it from dunning
    closed_by: str | None = None

    @classmethod
    def of(cls, invoice: TrackedInvoice, today: dt.date, standing: Standing | None) -> InvoiceLine:
        amount, currency = invoice.amount, invoice.currency
        known = amount is not None and currency is not None
        exempt = standing is not None and invoice.owing and not standing.in_dunning(invoice)
        return cls(
            invoice_id=invoice.invoice_id,
            external_number=invoice.external_number,
            amount=Money(amount=amount, currency=currency) if known else None,
            outstanding=invoice.outstanding_money(),
            due_date=invoice.due_date,
            missed=invoice.missed,
            overdue=invoice.overdue and not exempt,
            days_past_due=invoice.days_past_due(today) if invoice.owing else None,
            disputed=invoice.disputed,
            exempt=exempt and not invoice.disputed,
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
    """A debtor as collections sees it (now, or as of a past instant), with its history.

    Every field derives from the state the timeline folds to: ``policy_version`` is the
    version in force (the last ``PolicyAssigned``), ``stage`` the dunning stage in effect,
    ``overdue`` the one overdue amount (disputed and exempt invoices set aside; what is
    disputed shows in ``disputed``)."""

    customer_id: str
    state: str
    stage: DebtorStatus
    level: int
    policy_version: str | None
    policy_id: str | None = None
    policy_problem: str | None = None  # why no policy decides for the debtor
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
    disputed: list[Money] = []
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
        cls, debtor: Debtor, events: Sequence[Event], version: int, book: PolicyBook,
        now: dt.datetime,
    ) -> DebtorView:  # fmt: skip
        ctx = context_for(debtor, now, book)
        steps = next_steps(debtor, ctx) if ctx else []
        standing = ctx.standing(debtor) if ctx else None
        overdue = standing.overdue() if standing else debtor.overdue_by_currency()
        today = ctx.today if ctx else now.date()
        return cls(
            customer_id=debtor.customer_id,
            state=debtor.state,
            stage=debtor.stage,
            level=debtor.level,
            policy_version=debtor.assigned_version,
            policy_id=debtor.policy_id,
            policy_problem=_no_policy(debtor),
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
            overdue=_monies(overdue),
            disputed=_monies(debtor.disputed_by_currency()),
            outstanding=_monies(debtor.outstanding_by_currency()),
            invoices=[InvoiceLine.of(i, today, standing) for i in debtor.invoices_by_due_date()],
            next_step=NextStep(on=steps[0][0], what=steps[0][1]) if steps else None,
            open_tasks=list(debtor.open_tasks),
            last_conversation_at=debtor.last_conversation_at,
            as_of=now,
            timeline=[TimelineEntry.of(e) for e in events],
            version=version,
        )


def _no_policy(debtor: Debtor) -> str | None:
    if debtor.no_policy_for is None:
        return None
    return f"no dunning policy for jurisdiction {debtor.no_policy_for}: dunning holds"


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
