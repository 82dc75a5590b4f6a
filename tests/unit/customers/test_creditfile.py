"""The credit account: facts followed from invoicing and collections, the rating they give,
once per fact and once per month; replaying the history gives the same grade."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.customers.adapters.credit_files import load_scorecard
from services.customers.domain.creditfile import (
    Rate,
    RecordFact,
    command_for,
    decide_credit,
    evolve_credit,
    initial_credit,
    review_timer,
)
from shared.contracts import Event
from shared.contracts.collections import PromiseBroken, PromiseMade
from shared.contracts.customers import CreditRated
from shared.contracts.invoicing import InvoiceIssued, InvoiceSettled
from shared.contracts.money import Money
from shared.kernel import new_event
from tests.support.given import History, types

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
CARD = load_scorecard()
CUSTOMER = "C-1"


def history() -> History[Any, Any]:
    return History(CUSTOMER, initial_credit, evolve_credit, decide_credit, "customers", NOW,
                   scorecard=CARD)  # fmt: skip


def cny(amount: str) -> Money:
    return Money(amount=amount, currency="CNY")


def envelope(cls: type[Event], day: str, **fields: Any) -> Event:
    at = dt.datetime.fromisoformat(f"{day}T10:00:00+00:00")
    event = new_event(cls, at, **fields)
    return event.model_copy(update={"event_id": uuid.uuid4(), "aggregate_id": CUSTOMER,
                                    "aggregate_version": 1, "correlation_id": uuid.uuid4(),
                                    "producer": "test"})  # fmt: skip


def invoice(n: int, due: str, paid: str) -> list[Event]:
    issued = envelope(InvoiceIssued, "2026-05-01", invoice_id=f"I-{n}", customer_id=CUSTOMER,
                      external_number=f"I-{n}", amount=cny("1000.00"),
                      issue_date=dt.date(2026, 5, 1),
                      due_date=dt.date.fromisoformat(due))  # fmt: skip
    settled = envelope(InvoiceSettled, paid, invoice_id=f"I-{n}", customer_id=CUSTOMER,
                       settled_on=dt.date.fromisoformat(paid))  # fmt: skip
    return [issued, settled]


def facts() -> list[Event]:
    made = envelope(PromiseMade, "2026-09-01", promise_id="P-1", customer_id=CUSTOMER,
                    amount=cny("500.00"), due_on=dt.date(2026, 9, 10), channel="phone",
                    taken_by="zhang")  # fmt: skip
    broken = envelope(PromiseBroken, "2026-09-11", promise_id="P-1", customer_id=CUSTOMER,
                      shortfall=cny("500.00"), policy_version="cn-2026.1",
                      rule="promise_broken")  # fmt: skip
    return [*invoice(1, "2026-06-01", "2026-06-11"), *invoice(2, "2026-07-01", "2026-07-01"),
            *invoice(3, "2026-08-01", "2026-08-21"), made, broken]  # fmt: skip


def follow(h: History[Any, Any], events: list[Event]) -> list[str]:
    decided: list[str] = []
    for event in events:
        cmd = command_for(event)
        assert cmd is not None
        decided += types(h.apply(cmd))
    return decided


def test_the_integrity_record_shows_each_payment_with_its_days_late_and_the_promise() -> None:
    h = history()
    follow(h, facts())

    record = h.state.record
    assert [(x.kind, x.reference, x.days_late) for x in record.lines] == [
        ("paid_late", "I-1", 10), ("paid_on_time", "I-2", 0), ("paid_late", "I-3", 20),
        ("promise_broken", "P-1", None),
    ]  # fmt: skip


def test_a_redelivered_fact_changes_nothing() -> None:
    h = history()
    follow(h, facts())

    again = [types(h.when(RecordFact(customer_id=CUSTOMER, event=e))) for e in facts()]

    assert all(t == [] for t in again[1:])  # issued / settled / promise: already recorded


def test_replaying_the_history_gives_the_same_grade_whatever_the_order_of_unrelated_facts() -> None:
    first, second = history(), history()
    follow(first, facts())
    reordered = facts()
    reordered[0:2], reordered[2:4] = reordered[2:4], reordered[0:2]  # invoices 1 and 2 swapped
    follow(second, reordered)

    def last(h: History[Any, Any]) -> CreditRated:
        rated = h.state.rated
        assert rated is not None
        return rated

    assert (last(first).rating, last(first).score) == (last(second).rating, last(second).score)
    replayed = initial_credit(CUSTOMER)
    for event in first.events:
        replayed = evolve_credit(replayed, event)
    assert replayed == first.state


def test_a_rating_names_every_factor_and_the_scorecard_version() -> None:
    h = history()
    follow(h, facts())

    rated = h.state.rated
    assert rated is not None and rated.scorecard_version == CARD.version
    assert {c.factor for c in rated.contributions} == {f.measure for f in CARD.factors}
    total = sum(float(c.contribution) for c in rated.contributions)
    assert round(total) == rated.score


def test_the_monthly_review_runs_once_per_month() -> None:
    h = history()
    follow(h, facts())

    first = h.apply(Rate(customer_id=CUSTOMER, reason="monthly", month="2026-12"))
    again = h.apply(Rate(customer_id=CUSTOMER, reason="monthly", month="2026-12"))

    assert "CreditReviewed" in types(first)
    assert types(again) == []
    assert [t.timer_id for t in first.schedule] == [f"credit-review:{CUSTOMER}:2026-12"]
    assert review_timer(h.state, NOW).due_at == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
