"""Is a deferred or retried message still true? Re-checked against the debtor's standing.

A message is rendered from the debtor's state when it is sent, not when it was requested
(DESIGN §9). When a deferral's or a retry's timer fires, the debtor's standing (served by
collections: supply halt, pending promise, plan in force, each invoice's outstanding
amount and dispute) decides:

- superseded: the message would state what is no longer so (a supply-halt notice after
  supply resumed, a promise confirmation after a plan replaced the promise, a reminder
  for invoices since paid or disputed, or while a promise or plan now holds dunning) →
  suppressed with reason ``superseded``;
- still wanted: the figures it states are today's (paid invoices left out, disputed ones
  set aside, the total their sum; the plan's instalments, the pending promise).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from services.notifications.domain.catalogue import spec_of
from shared.contracts import Money
from shared.contracts.notifications import InstalmentRef, InvoiceRef, PromiseRef

SUPERSEDED = "superseded"
# Kinds whose words are about the balance; the others (an opt-out confirmation, limited
# content, a location inquiry, a statement as at its date, a notice that collection ends)
# state nothing a later payment makes untrue.
ABOUT_THE_BALANCE = frozenset({"reminder", "dunning", "demand", "remedy_notice", "confirmation"})

DUNNING = frozenset({"reminder", "dunning", "demand"})  # held while a promise or plan runs


class StandingInvoice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    invoice_id: str
    external_number: str = ""
    due_date: dt.date | None = None
    outstanding: Money | None = None
    disputed: bool = False
    closed: bool = False

    def owing(self) -> Money | None:
        """What is still owed and may be asked for; None when paid, closed or disputed."""
        left = self.outstanding
        if left is None or self.closed or self.disputed or not left.is_positive():
            return None
        return left


class Standing(BaseModel):
    """The debtor as collections holds it now (``GET /internal/debtors/{id}/standing``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    customer_id: str
    known: bool = True  # False: collections has no such debtor
    version: int = 0
    stage: str = ""
    supply_halted: bool = False
    promise: PromiseRef | None = None
    plan_id: str | None = None
    instalments: tuple[InstalmentRef, ...] = ()
    invoices: tuple[StandingInvoice, ...] = ()

    def invoice(self, invoice_id: str) -> StandingInvoice | None:
        return next((i for i in self.invoices if i.invoice_id == invoice_id), None)


@dataclass(frozen=True)
class Superseded:
    detail: str


@dataclass(frozen=True)
class Figures:
    """What a still-wanted message states, as of the standing."""

    invoices: tuple[InvoiceRef, ...]
    total_outstanding: Money
    promise: PromiseRef | None
    instalments: tuple[InstalmentRef, ...]


@dataclass(frozen=True)
class Asked:
    """What the request asked to say (its figures as requested or last refreshed)."""

    template: str
    figures: Figures


def recheck(asked: Asked, standing: Standing) -> Superseded | Figures:
    """Superseded with why, or the figures the message states today."""
    figures, template = asked.figures, asked.template
    if spec_of(template).kind not in ABOUT_THE_BALANCE:
        return figures
    if not standing.known:
        return Superseded("collections no longer knows the debtor")
    if template == "supply_halt_notice" and not standing.supply_halted:
        return Superseded("supply was resumed")
    if spec_of(template).kind in DUNNING and (standing.promise or standing.plan_id):
        return Superseded("a promise or a payment plan now holds dunning")
    promise = figures.promise
    if template == "promise_confirmation":
        if promise is None or standing.promise is None:
            return Superseded("the promise is no longer pending")
        if standing.promise.promise_id != promise.promise_id:
            return Superseded("another promise replaced it")
        promise = standing.promise
    instalments = figures.instalments
    if template == "payment_plan_schedule":
        if not standing.instalments:
            return Superseded("no payment plan is in force")
        instalments = standing.instalments
    invoices = _owing(figures, standing)
    if figures.invoices and not invoices and template != "payment_plan_schedule":
        return Superseded("nothing is owed on the invoices it names")
    total = figures.total_outstanding
    if figures.invoices:
        total = _total(invoices, total)
    return Figures(invoices, total, promise, instalments)


def _owing(figures: Figures, standing: Standing) -> tuple[InvoiceRef, ...]:
    today: list[InvoiceRef] = []
    for asked in figures.invoices:
        now = standing.invoice(asked.invoice_id)
        left = now.owing() if now else None
        if left is not None and left.currency == asked.outstanding.currency:
            today.append(asked.model_copy(update={"outstanding": left}))
    return tuple(today)


def _total(invoices: tuple[InvoiceRef, ...], asked: Money) -> Money:
    total = Money.zero(asked.currency)
    for invoice in invoices:
        if invoice.outstanding.currency == asked.currency:
            total = total + invoice.outstanding
    return total
