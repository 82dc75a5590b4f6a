"""What the API shows of an invoice."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from services.invoicing.domain.state import Invoice, Status
from shared.contracts.money import Money


class PaymentView(BaseModel):
    payment_id: str
    amount: Money
    value_date: dt.date


class InvoiceView(BaseModel):
    """An invoice's state, amounts and payments; ``version`` is its stream position."""

    external_number: str
    customer_id: str
    status: Status
    amount: Money
    paid: Money
    outstanding: Money
    issue_date: dt.date
    due_date: dt.date
    settled_on: dt.date | None
    payment_missed: bool
    payments: list[PaymentView]
    version: int

    @classmethod
    def of(cls, invoice: Invoice, version: int) -> InvoiceView:
        return cls(
            external_number=invoice.external_number,
            customer_id=invoice.customer_id,
            status=invoice.status,
            amount=invoice.amount,
            paid=invoice.paid,
            outstanding=invoice.outstanding,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            settled_on=invoice.settled_on,
            payment_missed=invoice.payment_missed,
            payments=[PaymentView.model_validate(p.model_dump()) for p in invoice.payments],
            version=version,
        )
