"""Collections family: the debtor's course through dunning, promises and supply halt.

Every transition names the ``policy_version`` and the ``rule`` that fired it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.contracts.envelope import Event, event
from shared.contracts.money import Money, PositiveMoney

DisputeReason = Literal["quality", "quantity", "price", "delivery", "other"]


class _Provenance(Event):
    policy_version: str = Field(max_length=32)
    rule: str = Field(max_length=64)


@event("collections")
class DunningLevelReached(_Provenance):
    """The debtor reached dunning level ``level`` (0 = current, 1.. = overdue levels)."""

    type: Literal["DunningLevelReached"] = "DunningLevelReached"
    customer_id: str
    level: int = Field(ge=0)
    state: str = Field(max_length=32)
    overdue: Money
    # Every currency the debtor is overdue in (``overdue`` is the one the transition is about).
    overdue_by_currency: tuple[Money, ...] = ()


@event("collections")
class DebtorCleared(_Provenance):
    """Nothing is overdue any more; the debtor is back to current."""

    type: Literal["DebtorCleared"] = "DebtorCleared"
    customer_id: str


@event("collections")
class DebtorRegistered(Event):
    """Collections took note of the debtor's jurisdiction and currency (from customers)."""

    type: Literal["DebtorRegistered"] = "DebtorRegistered"
    customer_id: str
    jurisdiction: str = Field(max_length=8)
    currency: str = Field(min_length=3, max_length=3)
    segment: str = Field(default="standard", max_length=32)


class _InvoiceFact(Event):
    """A fact about one of the debtor's invoices, as collections follows it.

    ``invoice_version`` is the version of the invoicing fact it came from: of two facts
    about one invoice, the later version decides ``outstanding``, whatever the arrival order.
    """

    customer_id: str
    invoice_id: str
    invoice_version: int = Field(ge=1)


@event("collections")
class DebtorInvoiceTracked(_InvoiceFact):
    """An invoice of the debtor is followed by collections (from ``InvoiceIssued``)."""

    type: Literal["DebtorInvoiceTracked"] = "DebtorInvoiceTracked"
    external_number: str = Field(max_length=64)
    amount: PositiveMoney
    issue_date: dt.date
    due_date: dt.date
    outstanding: Money


@event("collections")
class DebtorPaymentApplied(_InvoiceFact):
    """A payment against one of the debtor's invoices (from ``PaymentReceived``)."""

    type: Literal["DebtorPaymentApplied"] = "DebtorPaymentApplied"
    payment_id: str
    amount: PositiveMoney
    value_date: dt.date
    outstanding: Money


@event("collections")
class DebtorInvoiceClosed(_InvoiceFact):
    """Nothing is left to pay on the invoice (from ``InvoiceSettled``)."""

    type: Literal["DebtorInvoiceClosed"] = "DebtorInvoiceClosed"
    settled_on: dt.date


@event("collections")
class DebtorInvoiceOverdue(_InvoiceFact):
    """The invoice's due date (plus grace) passed unpaid (from ``PaymentMissed``)."""

    type: Literal["DebtorInvoiceOverdue"] = "DebtorInvoiceOverdue"
    external_number: str = Field(max_length=64)
    due_date: dt.date
    outstanding: Money


@event("collections")
class PromiseMade(Event):
    """The debtor promised to pay ``amount`` by ``due_on``."""

    type: Literal["PromiseMade"] = "PromiseMade"
    promise_id: str
    customer_id: str
    amount: PositiveMoney
    due_on: dt.date
    channel: str = Field(max_length=16)
    taken_by: str = Field(max_length=64)


@event("collections")
class PromiseKept(Event):
    type: Literal["PromiseKept"] = "PromiseKept"
    promise_id: str
    customer_id: str


@event("collections")
class PromiseBroken(_Provenance):
    type: Literal["PromiseBroken"] = "PromiseBroken"
    promise_id: str
    customer_id: str
    shortfall: PositiveMoney


@event("collections")
class InvoiceDisputed(Event):
    type: Literal["InvoiceDisputed"] = "InvoiceDisputed"
    invoice_id: str
    customer_id: str
    reason: DisputeReason


@event("collections")
class DisputeResolved(Event):
    type: Literal["DisputeResolved"] = "DisputeResolved"
    invoice_id: str
    customer_id: str
    outcome: Literal["upheld_back_to_dunning", "credited"]


@event("collections")
class SupplyHalted(_Provenance):
    """Stop deliveries to this debtor (an ERP follows this on the outbound stream)."""

    type: Literal["SupplyHalted"] = "SupplyHalted"
    customer_id: str
    halt_id: str
    overdue: PositiveMoney


@event("collections")
class SupplyResumed(_Provenance):
    type: Literal["SupplyResumed"] = "SupplyResumed"
    customer_id: str
    halt_id: str
