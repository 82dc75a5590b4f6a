"""The fixed variable set a template may use, formatted as text (``docs/templates.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from services.notifications.domain.facts import ReminderFacts
from shared.contracts import Money
from shared.contracts.money import minor_units
from shared.contracts.notifications import InstalmentRef, InvoiceRef, PromiseRef


@dataclass(frozen=True)
class SenderProfile:
    """Who the message is from: a business name that does not reveal collection, a person
    to ask for and a number to call back (R6). Configure per deployment."""

    business_name: str = "Accounts Office"
    sender_person: str = "Lin Yue"
    callback_number: str = "+86 21 5555 0100"


def format_money(money: Money) -> str:
    """``CNY 12,345.00``: grouped, with the currency's own decimal places."""
    places = minor_units(money.currency)
    amount = money.amount.quantize(Decimal(1).scaleb(-places))
    return f"{money.currency} {amount:,.{places}f}"


def format_date(day: date, language: str) -> str:
    if language == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def context_of(facts: ReminderFacts, language: str, sender: SenderProfile) -> dict[str, Any]:
    """Every variable a template may read, and nothing else (all plain text / lists)."""

    def when(day: date) -> str:
        return format_date(day, language)

    promise, plan_total = facts.promise, facts.plan_total
    return {
        "recipient_name": facts.recipient_name.strip(),
        "reference": facts.reference,
        "invoices": [{"number": i.external_number, "due_date": when(i.due_date),
                      "outstanding": format_money(i.outstanding)} for i in facts.invoices],
        "invoice_count": len(facts.invoices),
        "total_outstanding": format_money(facts.total_outstanding),
        "promise": {"amount": format_money(promise.amount), "due_on": when(promise.due_on)}
        if promise else None,
        "instalments": [{"number": i.number, "due_on": when(i.due_on),
                         "amount": format_money(i.amount)} for i in facts.instalments],
        "plan_total": format_money(plan_total) if plan_total else "",
        "formal_demand": facts.formal_demand,
        "reply_by": when(facts.reply_by) if facts.reply_by else "",
        "payment_link": facts.payment_link,
        "unsubscribe_link": facts.unsubscribe_link,
        "business_name": sender.business_name,
        "sender_person": sender.sender_person,
        "callback_number": sender.callback_number,
    }  # fmt: skip


def _cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


SAMPLE_FACTS = ReminderFacts(
    recipient_name="Li Wei",
    invoices=(InvoiceRef(invoice_id="inv-1", external_number="INV-2026-0001",
                         due_date=dt.date(2026, 10, 1), outstanding=_cny("1200.00")),
              InvoiceRef(invoice_id="inv-2", external_number="INV-2026-0002",
                         due_date=dt.date(2026, 10, 15), outstanding=_cny("800.50"))),
    total_outstanding=_cny("2000.50"),
    reference="7c9e6679-7425-40de-944b-e07fc1f90ae7",
    promise=PromiseRef(promise_id="p-1", amount=_cny("1000.00"), due_on=dt.date(2026, 11, 20)),
    instalments=tuple(InstalmentRef(number=n, due_on=dt.date(2026, 11 + n // 2, 1 + n),
                                    amount=_cny("500.00")) for n in range(1, 4)),
    formal_demand=True,
    reply_by=dt.date(2026, 11, 30),
    payment_link="https://pay.example/r/req-sample",
    unsubscribe_link="https://example/u/req-sample",
)  # fmt: skip
