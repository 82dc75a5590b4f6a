"""An invoice as its events made it: ``evolve`` folds events into ``InvoiceState``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shared.contracts import Event
from shared.contracts.invoicing import (
    InvoiceIssued,
    InvoiceSettled,
    PaymentMissed,
    PaymentReceived,
)
from shared.contracts.money import Money
from shared.kernel.errors import CorruptHistory

AGGREGATE_TYPE = "invoice"
Status = Literal["open", "overdue", "settled"]


class Payment(BaseModel):
    model_config = ConfigDict(frozen=True)

    payment_id: str
    amount: Money
    value_date: dt.date


class Invoice(BaseModel):
    """An issued invoice with the payments booked against it."""

    model_config = ConfigDict(frozen=True)

    external_number: str
    customer_id: str
    amount: Money
    issue_date: dt.date
    due_date: dt.date
    payments: tuple[Payment, ...] = ()
    settled_on: dt.date | None = None
    payment_missed: bool = False

    @property
    def paid(self) -> Money:
        total = Money.zero(self.amount.currency)
        for payment in self.payments:
            total = total + payment.amount
        return total

    @property
    def outstanding(self) -> Money:
        return self.amount - self.paid

    @property
    def status(self) -> Status:
        if self.settled_on is not None:
            return "settled"
        return "overdue" if self.payment_missed else "open"

    def payment(self, payment_id: str) -> Payment | None:
        return next((p for p in self.payments if p.payment_id == payment_id), None)


class InvoiceState(BaseModel):
    """The aggregate's state: ``invoice`` is None until the number is issued."""

    model_config = ConfigDict(frozen=True)

    external_number: str
    invoice: Invoice | None = None


def initial(external_number: str) -> InvoiceState:
    return InvoiceState(external_number=external_number)


def evolve(state: InvoiceState, event: Event) -> InvoiceState:
    """The state after ``event``: one case per event the invoice stores."""
    match event:
        case InvoiceIssued():
            return state.model_copy(update={"invoice": _issued(event)})
        case PaymentReceived():
            payment = Payment(
                payment_id=event.payment_id, amount=event.amount, value_date=event.value_date
            )
            invoice = _issued_before(state, event)
            return _with(
                state, invoice.model_copy(update={"payments": (*invoice.payments, payment)})
            )
        case InvoiceSettled():
            settled = {"settled_on": event.settled_on}
            return _with(state, _issued_before(state, event).model_copy(update=settled))
        case PaymentMissed():
            missed = {"payment_missed": True}
            return _with(state, _issued_before(state, event).model_copy(update=missed))
        case _:
            _issued_before(state, event)
            return state


def _issued_before(state: InvoiceState, event: Event) -> Invoice:
    if state.invoice is None:
        raise CorruptHistory(f"{event.type} before InvoiceIssued on {state.external_number}")
    return state.invoice


def _with(state: InvoiceState, invoice: Invoice) -> InvoiceState:
    return state.model_copy(update={"invoice": invoice})


def _issued(event: InvoiceIssued) -> Invoice:
    return Invoice(
        external_number=event.external_number,
        customer_id=event.customer_id,
        amount=event.amount,
        issue_date=event.issue_date,
        due_date=event.due_date,
    )
