"""One line per debtor event for people to read: ids, amounts, dates and rules, no PII."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.contracts import Event
from shared.contracts.collections import (
    DebtorCleared,
    DebtorInvoiceClosed,
    DebtorInvoiceOverdue,
    DebtorInvoiceTracked,
    DebtorPaymentApplied,
    DebtorRegistered,
    DunningLevelReached,
)
from shared.contracts.notifications import NotificationRequested


def _registered(e: DebtorRegistered) -> str:
    return f"registered: jurisdiction {e.jurisdiction}, currency {e.currency}, segment {e.segment}"


def _tracked(e: DebtorInvoiceTracked) -> str:
    return f"invoice {e.external_number} tracked: {e.amount} due {e.due_date}"


def _paid(e: DebtorPaymentApplied) -> str:
    return (
        f"payment {e.payment_id} of {e.amount} on invoice {e.invoice_id}; "
        f"{e.outstanding} outstanding"
    )


def _closed(e: DebtorInvoiceClosed) -> str:
    return f"invoice {e.invoice_id} settled on {e.settled_on}"


def _overdue(e: DebtorInvoiceOverdue) -> str:
    return f"invoice {e.external_number} missed due date {e.due_date}; {e.outstanding} outstanding"


def _level(e: DunningLevelReached) -> str:
    return (
        f"level {e.level} ({e.state}), overdue {e.overdue}; "
        f"rule {e.rule}, policy {e.policy_version}"
    )


def _cleared(e: DebtorCleared) -> str:
    return f"cleared, back to current; rule {e.rule}, policy {e.policy_version}"


def _requested(e: NotificationRequested) -> str:
    return (
        f"{e.template} requested on {', '.join(e.channels)} for {len(e.invoices)} "
        f"invoice(s), {e.total_outstanding}"
    )


_SUMMARIES: dict[type[Event], Callable[[Any], str]] = {
    DebtorRegistered: _registered,
    DebtorInvoiceTracked: _tracked,
    DebtorPaymentApplied: _paid,
    DebtorInvoiceClosed: _closed,
    DebtorInvoiceOverdue: _overdue,
    DunningLevelReached: _level,
    DebtorCleared: _cleared,
    NotificationRequested: _requested,
}


def summary(event: Event) -> str:
    """A short, PII-free description of one of the debtor's events."""
    describe = _SUMMARIES.get(type(event))
    return describe(event) if describe else event.type
