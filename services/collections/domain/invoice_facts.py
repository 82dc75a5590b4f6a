"""Folding invoicing's facts into the debtor: balances by invoice version, and payments
counted towards a pending promise, a payment plan or an accepted settlement.

A payment counts towards a promise only when its value date is within the promise's
deadline: the value date, not the day the payment was booked, decides.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.collections.domain.events import (
    DebtorInvoiceAdjusted,
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
)
from services.collections.domain.model import Debtor, TrackedInvoice

InvoiceFact = (
    DebtorInvoiceTracked
    | DebtorPaymentApplied
    | DebtorInvoiceClosed
    | DebtorInvoiceOverdue
    | DebtorInvoiceAdjusted
)


def apply_invoice_fact(state: Debtor, event: InvoiceFact) -> Debtor:
    invoice = state.invoices.get(event.invoice_id) or TrackedInvoice(invoice_id=event.invoice_id)
    update: dict[str, Any] = {
        "invoices": {**state.invoices, event.invoice_id: _apply_fact(invoice, event)}
    }
    if isinstance(event, DebtorPaymentApplied):
        update |= _count_payment(state, event)
    return state.model_copy(update=update)


def _count_payment(state: Debtor, event: DebtorPaymentApplied) -> dict[str, Any]:
    amount, currency, value_date = event.amount.amount, event.amount.currency, event.value_date
    update: dict[str, Any] = {}
    promise, plan, offer = state.promise, state.plan, state.offer
    if promise and promise.currency == currency and value_date <= promise.deadline:
        update["promise"] = promise.model_copy(update={"paid": promise.paid + amount})
    if plan and plan.currency == currency:
        update["plan"] = plan.model_copy(update={"paid": plan.paid + amount})
    in_offer = offer and offer.accepted and event.invoice_id in offer.invoice_ids
    if offer and in_offer and offer.currency == currency and value_date <= offer.valid_until:
        update["offer"] = offer.model_copy(update={"paid": offer.paid + amount})
    return update


def _apply_fact(invoice: TrackedInvoice, event: InvoiceFact) -> TrackedInvoice:
    update: dict[str, object] = {"as_of": max(invoice.as_of, event.invoice_version)}
    match event:
        case DebtorInvoiceTracked():
            update |= {
                "external_number": event.external_number,
                "amount": event.amount.amount,
                "issue_date": event.issue_date,
                "due_date": event.due_date,
            }
        case DebtorPaymentApplied():
            update["payments"] = (*invoice.payments, event.payment_id)
        case DebtorInvoiceOverdue():
            update |= {
                "external_number": event.external_number,
                "due_date": event.due_date,
                "missed": True,
            }
        case DebtorInvoiceClosed():
            update["outstanding"] = Decimal(0)
        case DebtorInvoiceAdjusted() if event.due_date is not None:
            # A corrected due date: days past due count from it; invoicing reports the
            # payment missed again once the new date (plus grace) has passed.
            update |= {"due_date": event.due_date, "missed": False}
    if not isinstance(event, DebtorInvoiceClosed):
        update |= {"outstanding": event.outstanding.amount, "currency": event.outstanding.currency}
    return invoice.model_copy(update=update)
