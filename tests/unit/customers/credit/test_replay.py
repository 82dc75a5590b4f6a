"""Replaying a customer's facts — in any order, each delivered any number of times — gives
the same integrity record, the same grade and score, and the same points."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from services.customers.adapters.credit_files import load_rewards, load_scorecard
from services.customers.domain.credit.facts import CreditFact, PromiseOutcome, SupplyHalt
from services.customers.domain.credit.integrity import integrity_record
from services.customers.domain.credit.measures import RatingBasis, measure
from services.customers.domain.credit.rating import rate
from services.customers.domain.credit.rewards import rewards_account
from tests.unit.customers.credit.given import cny, paid

CARD = load_scorecard()
PROGRAMME = load_rewards()
START = dt.date(2025, 1, 1)
AS_OF = dt.date(2026, 11, 30)

days = st.integers(min_value=0, max_value=(AS_OF - START).days).map(
    lambda n: START + dt.timedelta(days=n)
)


@st.composite
def invoice_paid(draw: st.DrawFn, n: int) -> CreditFact:
    due = draw(days)
    paid_on = due + dt.timedelta(days=draw(st.integers(min_value=-30, max_value=90)))
    return paid(f"INV-{n}", due, paid_on, str(draw(st.integers(min_value=1, max_value=99_999))))


@st.composite
def history(draw: st.DrawFn) -> list[CreditFact]:
    invoices = [draw(invoice_paid(n)) for n in range(draw(st.integers(0, 12)))]
    promises: list[CreditFact] = [
        PromiseOutcome(
            promise_id=f"P-{n}", amount=cny(1000), due_on=on, decided_on=on,
            outcome=draw(st.sampled_from(["kept", "broken"])),
        )
        for n, on in enumerate(draw(st.lists(days, max_size=5)))
    ]  # fmt: skip
    halts: list[CreditFact] = [
        SupplyHalt(halt_id=f"H-{n}", halted_on=on)
        for n, on in enumerate(draw(st.lists(days, max_size=2)))
    ]
    return invoices + promises + halts


@settings(max_examples=60, deadline=None)
@given(facts=history(), data=st.data())
def test_the_same_facts_give_the_same_grade_and_the_same_points(
    facts: list[CreditFact], data: st.DataObject
) -> None:
    redelivered = data.draw(st.lists(st.sampled_from(facts), max_size=10)) if facts else []
    replayed = data.draw(st.permutations(facts + redelivered))

    def outcome(delivered: list[CreditFact]) -> tuple[object, ...]:
        record = integrity_record(delivered)
        rating = rate(CARD, measure(CARD, AS_OF, RatingBasis(record=record)))
        payments = [f for f in delivered if f.kind == "invoice_paid"]
        return record, rating, rewards_account(PROGRAMME, payments)  # type: ignore[arg-type]

    assert outcome(replayed) == outcome(facts)
