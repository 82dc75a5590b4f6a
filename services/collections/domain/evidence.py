"""The evidence summary handed to an agency or to legal: ids, amounts and dates only."""

from __future__ import annotations

from services.collections.domain.model import Debtor
from shared.contracts.collections import EvidenceSummary, InvoiceEvidence, PromiseEvidence


def evidence_summary(debtor: Debtor) -> EvidenceSummary:
    """Invoices owed, every promise and its outcome, the messages asked for, key dates."""
    invoices = tuple(
        InvoiceEvidence(
            invoice_id=i.invoice_id,
            external_number=i.external_number,
            due_date=i.due_date,
            outstanding=money,
        )
        for i in debtor.invoices_by_due_date()
        if i.owing and (money := i.outstanding_money()) is not None
    )
    promises = tuple(
        PromiseEvidence(
            promise_id=p.promise_id, amount=p.amount, due_on=p.due_on, outcome=p.outcome
        )
        for p in debtor.promises
    )
    demand = debtor.demand
    return EvidenceSummary(
        invoices=invoices,
        promises=promises,
        messages=debtor.messages,
        first_overdue_on=debtor.first_overdue_on,
        demand_issued_on=demand.issued_on if demand else None,
        demand_delivered_on=demand.delivered_on if demand else None,
    )
