"""Given events → when an integration event arrives → then the debtor's events.

``Invoices`` plays invoicing: it emits the facts it would publish, with their versions.
``History`` is a debtor's stored events; ``when`` decides like the repository does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from services.collections.adapters.policy_files import load_book
from services.collections.application.worklist import WorklistEntry, entry_for
from services.collections.domain.book import PolicyBook
from services.collections.domain.commands import Command, Review, command_for
from services.collections.domain.decide import decide
from services.collections.domain.state import Debtor, fold, initial
from shared.contracts import Event, Money
from shared.contracts.customers import CustomerRegistered
from shared.contracts.invoicing import (
    InvoiceIssued,
    InvoiceSettled,
    PaymentMissed,
    PaymentReceived,
)
from shared.contracts.notifications import NotificationRequested
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, stamp
from shared.kernel.ids import derived_id

E = TypeVar("E", bound=Event)
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
DEBTOR = "C-1001"
BOOK = load_book()


def money(amount: str | Decimal, currency: str = "CNY") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def envelope(aggregate_id: str, version: int, producer: str, *salt: object) -> dict[str, object]:
    return {
        "event_id": derived_id(producer, aggregate_id, version, *salt),
        "occurred_at": NOW,
        "aggregate_id": aggregate_id,
        "aggregate_version": version,
        "correlation_id": derived_id("flow", aggregate_id),
        "producer": producer,
    }


def registered(customer_id: str = DEBTOR, currency: str = "CNY") -> CustomerRegistered:
    return CustomerRegistered(
        **envelope(customer_id, 1, "customers", currency),
        customer_id=customer_id,
        jurisdiction="cn",
        currency=currency,
    )


class Invoices:
    """Invoicing's facts about a debtor's invoices, each invoice with its own versions."""

    def __init__(self, customer_id: str = DEBTOR) -> None:
        self.customer_id = customer_id
        self.versions: dict[str, int] = {}
        self.outstanding: dict[str, Money] = {}
        self.due_dates: dict[str, dt.date] = {}

    def _next(self, number: str) -> dict[str, object]:
        self.versions[number] = self.versions.get(number, 0) + 1
        return envelope(number, self.versions[number], "invoicing")

    def issue(
        self, number: str, amount: str, currency: str = "CNY", due_day: int = 30,
        due: dt.date | None = None,
    ) -> Event:  # fmt: skip
        self.outstanding[number] = money(amount, currency)
        self.due_dates[number] = due or dt.date(2026, 11, due_day)
        return InvoiceIssued(
            **self._next(number),
            invoice_id=number,
            customer_id=self.customer_id,
            external_number=number,
            amount=money(amount, currency),
            issue_date=min(dt.date(2026, 11, 1), self.due_dates[number]),
            due_date=self.due_dates[number],
        )

    def pay(
        self, number: str, amount: str, payment_id: str | None = None,
        value_date: dt.date = dt.date(2026, 12, 3),
    ) -> list[Event]:  # fmt: skip
        """A payment, and the settlement with it when it pays the invoice off."""
        left = self.outstanding[number] - money(amount, self.outstanding[number].currency)
        self.outstanding[number] = left
        env = self._next(number)
        received = PaymentReceived(
            **env,
            payment_id=payment_id or f"PAY-{number}-{env['aggregate_version']}",
            invoice_id=number,
            customer_id=self.customer_id,
            amount=money(amount, left.currency),
            value_date=value_date,
            outstanding=left,
        )
        if left.is_positive():
            return [received]
        settled = InvoiceSettled(
            **self._next(number),
            invoice_id=number,
            customer_id=self.customer_id,
            settled_on=value_date,
        )
        return [received, settled]

    def miss(self, number: str) -> Event:
        return PaymentMissed(
            **self._next(number),
            invoice_id=number,
            customer_id=self.customer_id,
            external_number=number,
            due_date=self.due_dates[number],
            outstanding=self.outstanding[number],
            grace_days=3,
        )


def _row_is_what_validation_gives(
    debtor: Debtor, version: int, book: PolicyBook, now: dt.datetime
) -> None:
    """The worklist row is built unvalidated from the debtor's state: it must be the very
    model pydantic would build from the same values, each of the same type."""
    entry = entry_for(debtor, version, book, now)
    if entry is None:
        return
    rebuilt = WorklistEntry.model_validate(entry.model_dump())
    assert rebuilt == entry
    for name in WorklistEntry.model_fields:
        assert type(getattr(rebuilt, name)) is type(getattr(entry, name)), name


class History:
    """A debtor's stored events; ``when`` applies an integration event as collections does,
    ``do`` a collector's command, ``at`` moves the day on (a review timer firing)."""

    def __init__(
        self, customer_id: str = DEBTOR, book: PolicyBook = BOOK, now: dt.datetime = NOW
    ) -> None:
        self.customer_id = customer_id
        self.book = book
        self.now = now
        self.events: list[Event] = []
        self.timers: list[object] = []
        self.cancelled: list[str] = []

    @property
    def state(self) -> Debtor:
        return fold(initial(self.customer_id), self.events)

    def run(self, cmd: Command, seed: str, cause: Event | None = None) -> list[Event]:
        """Decide and stamp as the repository does (ids derived from ``seed``)."""
        why = Cause(
            correlation_id=cause.correlation_id if cause else derived_id("flow", seed),
            causation_id=cause.event_id if cause else None,
        )
        before = self.state
        decision = decide(before, cmd, self.now, self.book)
        ref = StreamRef("debtor", self.customer_id, self.customer_id)
        events = stamp(decision.events, ref, len(self.events), seed, "collections", why)
        self.events += events
        # the repository keeps the state decide worked out: it must be the stored fold
        assert decision.state is None or decision.state == fold(before, events)
        _row_is_what_validation_gives(fold(before, events), len(self.events), self.book, self.now)
        self.timers += decision.schedule
        self.cancelled += decision.cancel
        return events

    def when(self, *incoming: Event) -> list[Event]:
        """Apply each event in turn; the debtor events they led to."""
        new: list[Event] = []
        for event in incoming:
            cmd = command_for(event)
            assert cmd is not None, f"collections does not follow {event.type}"
            new += self.run(cmd, str(event.event_id), event)
        return new

    def do(self, cmd: Command) -> list[Event]:
        """A collector's command (or a review), decided now."""
        return self.run(cmd, f"{type(cmd).__name__}/{len(self.events)}/{self.now.isoformat()}")

    def at(self, day: dt.date, hour: int = 9) -> History:
        """Move the clock to ``day`` (time only moves forward)."""
        moved = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
        assert moved >= self.now, "the clock only moves forward"
        self.now = moved
        return self

    def review(self, day: dt.date | None = None) -> list[Event]:
        """The debtor's review timer fires (on ``day``, if given)."""
        if day is not None:
            self.at(day)
        return self.do(Review(customer_id=self.customer_id))

    def given(self, *incoming: Event) -> History:
        self.when(*incoming)
        return self


def types(events: list[Event]) -> list[str]:
    return [e.type for e in events]


def one(events: list[Event], cls: type[E]) -> E:
    found = [e for e in events if isinstance(e, cls)]
    assert len(found) == 1, f"expected one {cls.__name__}, found {types(events)}"
    return found[0]


def day(month: int, dom: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, dom)


def of_type(events: list[Event], cls: type[E]) -> list[E]:
    return [e for e in events if isinstance(e, cls)]


def requested_templates(events: list[Event]) -> list[str]:
    return [e.template for e in events if isinstance(e, NotificationRequested)]


def overdue_debtor(amount: str = "12000.00", due_day: int = 30) -> tuple[History, Invoices]:
    """A registered cn debtor whose one invoice (INV-1, due 30 Nov) was missed on 4 Dec."""
    inv = Invoices()
    history = History().given(registered(), inv.issue("INV-1", amount, due_day=due_day))
    history.given(inv.miss("INV-1"))
    return history, inv
