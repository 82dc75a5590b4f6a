"""Given events → when a command → then events, for the invoice aggregate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.invoicing.domain.commands import Command, IssueInvoice, RecordPayment
from services.invoicing.domain.decide import decide
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.state import InvoiceState, evolve, initial
from shared.contracts.money import Money
from tests.support.given import History as GivenHistory
from tests.support.given import types as types  # re-exported for the tests

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
WATCH = DueWatch(grace_days=3, timezone="Asia/Shanghai")
NUMBER = "INV-2026-0001"


def cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")


def issue(**changes: object) -> IssueInvoice:
    fields: dict[str, object] = {
        "external_number": NUMBER,
        "customer_id": "C-1001",
        "amount": cny("12000.00"),
        "issue_date": dt.date(2026, 11, 1),
        "due_date": dt.date(2026, 11, 30),
    }
    return IssueInvoice.model_validate({**fields, **changes})


def pay(payment_id: str, amount: Money | str, day: int = 3) -> RecordPayment:
    money = cny(amount) if isinstance(amount, str) else amount
    return RecordPayment(
        payment_id=payment_id,
        external_number=NUMBER,
        amount=money,
        value_date=dt.date(2026, 12, day),
    )


class History(GivenHistory[InvoiceState, Command]):
    def __init__(self) -> None:
        super().__init__(NUMBER, initial, evolve, decide, "invoicing", NOW, watch=WATCH)
