"""Collections' private history: what it records for itself, stored with the debtor, never
published (domain events, eShop's split).

Other services never read these; their facts arrive as integration events
(``CustomerRegistered``, ``InvoiceIssued``, ``PaymentReceived``, ``InvoiceSettled``,
``PaymentMissed``, ``CreditRated``) and collections records what it follows of them here.
They keep the envelope and JSON shape they had while they were published (until 2026-11),
so stored histories load unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.contracts.collections import Provenance
from shared.contracts.envelope import Event, domain_event
from shared.contracts.money import Money, PositiveMoney


@domain_event("collections")
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


@domain_event("collections")
class DebtorInvoiceTracked(_InvoiceFact):
    """An invoice of the debtor is followed by collections (from ``InvoiceIssued``)."""

    type: Literal["DebtorInvoiceTracked"] = "DebtorInvoiceTracked"
    external_number: str = Field(max_length=64)
    amount: PositiveMoney
    issue_date: dt.date
    due_date: dt.date
    outstanding: Money


@domain_event("collections")
class DebtorPaymentApplied(_InvoiceFact):
    """A payment against one of the debtor's invoices (from ``PaymentReceived``)."""

    type: Literal["DebtorPaymentApplied"] = "DebtorPaymentApplied"
    payment_id: str
    amount: PositiveMoney
    value_date: dt.date
    outstanding: Money


@domain_event("collections")
class DebtorInvoiceClosed(_InvoiceFact):
    """Nothing is left to pay on the invoice (from ``InvoiceSettled``)."""

    type: Literal["DebtorInvoiceClosed"] = "DebtorInvoiceClosed"
    settled_on: dt.date


@domain_event("collections")
class DebtorInvoiceOverdue(_InvoiceFact):
    """The invoice's due date (plus grace) passed unpaid (from ``PaymentMissed``)."""

    type: Literal["DebtorInvoiceOverdue"] = "DebtorInvoiceOverdue"
    external_number: str = Field(max_length=64)
    due_date: dt.date
    outstanding: Money


@domain_event("collections")
class DebtorInvoiceAdjusted(_InvoiceFact):
    """Invoicing's ledger changed what is owed on the invoice outside a payment: a credit
    note, a cancellation, a write-off, a bounced payment or a corrected due date (from
    ``InvoiceCredited``, ``InvoiceCancelled``, ``InvoiceWrittenOff``, ``PaymentReversed``,
    ``InvoiceDueDateChanged``). ``due_date`` is set when the due date moved."""

    type: Literal["DebtorInvoiceAdjusted"] = "DebtorInvoiceAdjusted"
    cause: str = Field(max_length=64)
    outstanding: Money
    due_date: dt.date | None = None


@domain_event("collections")
class DebtAcknowledged(Event):
    """The debtor confirmed a statement of its account (from invoicing's
    ``StatementConfirmed``): an acknowledgement that restarts the limitation period of the
    invoices open on it from ``acknowledged_on``."""

    type: Literal["DebtAcknowledged"] = "DebtAcknowledged"
    customer_id: str
    statement_id: str = Field(max_length=64)
    invoice_ids: tuple[str, ...]
    acknowledged_on: dt.date


@domain_event("collections")
class PolicyAssigned(Provenance):
    """The dunning policy (id and version) that now decides for this debtor; its ``rule``
    says whether it applies by name or as the configured default."""

    type: Literal["PolicyAssigned"] = "PolicyAssigned"
    customer_id: str
    policy_id: str = Field(max_length=64)
    effective_from: dt.date


@domain_event("collections")
class PolicyMissing(Event):
    """No dunning policy applies to the debtor's jurisdiction and no default is configured:
    dunning holds (no level, no message) until one is; a collector is asked to act."""

    type: Literal["PolicyMissing"] = "PolicyMissing"
    customer_id: str
    jurisdiction: str = Field(max_length=8)
    reason: str = Field(max_length=200)


@domain_event("collections")
class DebtorRated(Event):
    """Collections took note of the debtor's credit rating (from customers)."""

    type: Literal["DebtorRated"] = "DebtorRated"
    customer_id: str
    rating: Literal["A", "B", "C", "D", "E"]
