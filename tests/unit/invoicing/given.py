"""Given events → when a command → then events, for the invoice aggregate."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal

from services.invoicing.domain.commands import IssueInvoice, RecordPayment
from services.invoicing.domain.decide import Decide
from services.invoicing.domain.due_watch import DueWatch
from services.invoicing.domain.state import InvoiceState, evolve, initial
from shared.aggregate import Decision, Stamp
from shared.contracts import Event
from shared.contracts.money import Money

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


class History:
    """An invoice's events so far; ``when`` decides and, if asked, applies the decision."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    @property
    def state(self) -> InvoiceState:
        state = initial(NUMBER)
        for event in self.events:
            state = evolve(state, event)
        return state

    def when(self, decide: Decide) -> Decision:
        stamp = Stamp(
            aggregate_id=NUMBER,
            version=len(self.events),
            now=NOW,
            producer="invoicing",
            correlation_id=uuid.uuid4(),
            causation_id=None,
            seed=str(uuid.uuid4()),
        )
        return decide(self.state, stamp)

    def apply(self, decide: Decide) -> Decision:
        decision = self.when(decide)
        self.events.extend(decision.events)
        return decision

    def given(self, decides: Iterable[Decide]) -> History:
        for decide in decides:
            self.apply(decide)
        return self


def types(decision: Decision) -> list[str]:
    return [event.type for event in decision.events]
