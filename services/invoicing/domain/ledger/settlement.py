"""Turning an allocation plan into facts: what a payment or held credit settles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.allocation import Plan, Planner
from services.invoicing.domain.ledger.facts import (
    CreditNoteIssued,
    InvoiceBooked,
    LedgerFact,
    UnappliedCreditApplied,
)
from services.invoicing.domain.ledger.model import ZERO, CreditSource, Line, SourcedLine, money
from services.invoicing.domain.ledger.rates import JurisdictionPack


def discount_notes(
    account: Account, plan: Plan, on: dt.date, origin_id: str, payment_ids: tuple[str, ...]
) -> list[LedgerFact]:
    """One credit note per invoice the money settled inside its discount window."""
    notes: list[LedgerFact] = []
    for line in plan.discounts:
        invoice = account.item(line.item_id)
        assert invoice.discount is not None
        notes.append(
            CreditNoteIssued(
                credit_note_id=f"discount:{origin_id}:{invoice.item_id}",
                amount=money(line.amount, invoice.currency),
                issued_on=on,
                reason=(
                    f"early-payment discount {invoice.discount.percent} % "
                    f"(paid by {invoice.discount.until})"
                ),
                cause="early_payment_discount",
                lines=(line,),
                applied=(line,),
                payment_ids=payment_ids,
            )
        )
    return notes


def split_over_sources(
    lines: tuple[Line, ...], sources: list[CreditSource]
) -> tuple[SourcedLine, ...]:
    """Draw the plan's lines from ``sources`` in order (oldest credit first)."""
    left = {s.source_id: s.unapplied for s in sources}
    drawn: list[SourcedLine] = []
    for line in lines:
        need = line.amount
        for source in sources:
            take = min(need, left[source.source_id])
            if take > 0:
                drawn.append(
                    SourcedLine(source_id=source.source_id, item_id=line.item_id, amount=take)
                )
                left[source.source_id] -= take
                need -= take
            if need == 0:
                break
    return tuple(drawn)


def credit_applied(
    account: Account,
    plan: Plan,
    sources: list[CreditSource],
    application_id: str,
    on: dt.date,
    currency: str,
) -> list[LedgerFact]:
    lines = split_over_sources(plan.lines, sources)
    applied = UnappliedCreditApplied(
        application_id=application_id, currency=currency, on=on, lines=lines
    )
    payments = {s.source_id for s in sources if s.kind == "payment"}
    notes: list[LedgerFact] = []
    for discount in plan.discounts:
        paid_by = tuple(
            sorted({d.source_id for d in lines if d.item_id == discount.item_id} & payments)
        )
        single = Plan(lines=(), discounts=(discount,))
        notes.extend(discount_notes(account, single, on, application_id, paid_by))
    return [applied, *notes]


def apply_credit_to_new_invoice(
    account: Account, booked: InvoiceBooked, pack: JurisdictionPack
) -> list[LedgerFact]:
    """The customer's rule says held credit pays the next invoice: apply it now."""
    currency = booked.amount.currency
    sources = account.credit_available(currency)
    if not sources:
        return []
    on = max(booked.issue_date, max(s.on for s in sources))
    available: Decimal = sum((s.unapplied for s in sources), ZERO)
    plan = Planner(account, pack.within_debt_order, currency, on).only(booked.invoice_id, available)
    if not plan.lines:
        return []
    return credit_applied(account, plan, sources, f"auto:{booked.invoice_id}", on, currency)
