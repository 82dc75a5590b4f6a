"""The named rules of the dunning policy: given the debtor as it now stands, what happens.

A rule is pure: ``(debtor, stamp, policy) -> events``; it fires only when its condition
holds, so running the rules again on a debtor they already handled adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from services.collections.domain.policy import (
    RULE_FIRST_MISSED_PAYMENT,
    RULE_OVERDUE_BALANCE_PAID,
    DunningPolicy,
)
from services.collections.domain.state import Debtor, TrackedInvoice, fold
from shared.aggregate import Stamp
from shared.contracts import Event, Money, derived_id
from shared.contracts.collections import DebtorCleared, DunningLevelReached
from shared.contracts.notifications import InvoiceRef, NotificationRequested

Rule = Callable[[Debtor, Stamp, DunningPolicy], list[Event]]


def overdue_balance_paid(debtor: Debtor, stamp: Stamp, policy: DunningPolicy) -> list[Event]:
    """An overdue debtor with nothing overdue left (in any currency) is current again."""
    if debtor.status == "current" or debtor.overdue_invoices():
        return []
    cleared = stamp.make(
        DebtorCleared,
        customer_id=debtor.customer_id,
        policy_version=policy.version,
        rule=RULE_OVERDUE_BALANCE_PAID,
    )
    return [cleared]


def first_missed_payment(debtor: Debtor, stamp: Stamp, policy: DunningPolicy) -> list[Event]:
    """A current debtor with a missed invoice still unpaid is overdue (level 1) and reminded."""
    if debtor.status != "current" or not debtor.overdue_invoices():
        return []
    currency = reminder_currency(debtor)
    invoices = debtor.overdue_invoices(currency)
    total = Money(amount=sum((i.outstanding for i in invoices), Decimal(0)), currency=currency)
    reached = stamp.make(
        DunningLevelReached,
        customer_id=debtor.customer_id,
        level=1,
        state="overdue",
        overdue=total,
        overdue_by_currency=overdue_by_currency(debtor),
        policy_version=policy.version,
        rule=RULE_FIRST_MISSED_PAYMENT,
    )
    requested = stamp.make(
        NotificationRequested,
        request_id=reminder_request_id(debtor.customer_id, debtor.episode + 1, policy),
        customer_id=debtor.customer_id,
        template=policy.reminder_template,
        channels=policy.reminder_channels,
        invoices=tuple(invoice_ref(i) for i in invoices),
        total_outstanding=total,
    )
    return [reached, requested]


RULES: tuple[Rule, ...] = (overdue_balance_paid, first_missed_payment)


def assess(debtor: Debtor, stamp: Stamp, policy: DunningPolicy) -> list[Event]:
    """Run every rule in order, each on the debtor as the previous ones left it."""
    events: list[Event] = []
    for rule in RULES:
        fired = rule(debtor, stamp, policy)
        debtor = fold(debtor, fired)
        events += fired
    return events


def reminder_request_id(customer_id: str, episode: int, policy: DunningPolicy) -> str:
    """One request per (debtor, overdue episode, template): a redelivery asks for no other."""
    template = policy.reminder_template
    return str(derived_id("collections", "reminder", customer_id, episode, template))


def reminder_currency(debtor: Debtor) -> str:
    """The debtor's own currency if it is overdue in it, else the first overdue currency."""
    overdue = debtor.overdue_by_currency()
    return debtor.currency if debtor.currency in overdue else next(iter(overdue))


def overdue_by_currency(debtor: Debtor) -> tuple[Money, ...]:
    return tuple(Money(amount=a, currency=c) for c, a in debtor.overdue_by_currency().items())


def invoice_ref(invoice: TrackedInvoice) -> InvoiceRef:
    outstanding = invoice.outstanding_money()
    if outstanding is None or invoice.due_date is None:  # an overdue invoice has both
        raise ValueError(f"invoice {invoice.invoice_id} is overdue without currency or due date")
    return InvoiceRef(
        invoice_id=invoice.invoice_id,
        external_number=invoice.external_number,
        due_date=invoice.due_date,
        outstanding=outstanding,
    )
