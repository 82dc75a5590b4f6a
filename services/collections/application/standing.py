"""A debtor's standing as notifications re-checks a deferred or retried message against it.

Ids, amounts, dates and flags only (no personal data): whether supply is halted, the
promise pending, the plan in force, and each invoice's outstanding amount and dispute.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from services.collections.domain.state import Debtor, TrackedInvoice
from shared.contracts import Money
from shared.contracts.notifications import InstalmentRef, PromiseRef


class StandingInvoice(BaseModel):
    invoice_id: str
    external_number: str
    due_date: dt.date | None
    outstanding: Money | None  # None until the invoice's currency is known
    disputed: bool
    closed: bool

    @classmethod
    def of(cls, invoice: TrackedInvoice) -> StandingInvoice:
        return cls(
            invoice_id=invoice.invoice_id, external_number=invoice.external_number,
            due_date=invoice.due_date, outstanding=invoice.outstanding_money(),
            disputed=invoice.disputed is not None, closed=invoice.closed_by is not None,
        )  # fmt: skip


class DebtorStanding(BaseModel):
    """``GET /internal/debtors/{id}/standing``: the debtor as collections holds it now."""

    customer_id: str
    version: int
    stage: str
    supply_halted: bool
    promise: PromiseRef | None
    plan_id: str | None
    instalments: tuple[InstalmentRef, ...]
    invoices: list[StandingInvoice]

    @classmethod
    def of(cls, debtor: Debtor, version: int) -> DebtorStanding:
        promise, plan = debtor.promise, debtor.plan
        pending = PromiseRef(
            promise_id=promise.promise_id, due_on=promise.due_on,
            amount=Money.of(promise.amount, promise.currency),
        ) if promise else None  # fmt: skip
        instalments = tuple(
            InstalmentRef(number=i.number, due_on=i.due_on, amount=i.amount)
            for i in (plan.instalments if plan else ())
        )
        return cls(
            customer_id=debtor.customer_id, version=version, stage=debtor.stage,
            supply_halted=debtor.halt_id is not None, promise=pending,
            plan_id=plan.plan_id if plan else None, instalments=instalments,
            invoices=[StandingInvoice.of(i) for i in debtor.invoices_by_due_date()],
        )  # fmt: skip
