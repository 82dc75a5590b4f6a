"""Random histories of issue / pay / miss, delivered out of order and more than once."""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.collections.domain.state import Debtor, fold, initial
from shared.contracts import Event, encode_event, parse_stored
from shared.contracts.notifications import NotificationRequested
from tests.unit.collections.given import History, Invoices

CURRENCIES = ("CNY", "USD")
CENT = Decimal("0.01")

issue_op = st.tuples(st.just("issue"), st.integers(0, 3), st.integers(1, 100_000))
pay_op = st.tuples(st.just("pay"), st.integers(0, 3), st.integers(1, 100))
miss_op = st.tuples(st.just("miss"), st.integers(0, 3), st.just(0))
programs = st.lists(st.one_of(issue_op, pay_op, miss_op), max_size=30)


def invoicing_run(program: list[tuple[str, int, int]]) -> tuple[Invoices, list[Event], set[str]]:
    """What invoicing would publish for the program (impossible steps are skipped)."""
    inv, published, missed = Invoices(), [], set()
    for op, index, value in program:
        number = f"INV-{index}"
        issued = number in inv.outstanding
        owing = issued and inv.outstanding[number].is_positive()
        if op == "issue" and not issued:
            cents = Decimal(value) * CENT
            published.append(inv.issue(number, str(cents), CURRENCIES[index % 2], 10 + index))
        elif op == "pay" and owing:
            share = inv.outstanding[number].amount * value / 100
            published += inv.pay(number, str(share.quantize(CENT, rounding=ROUND_UP)))
        elif op == "miss" and owing and number not in missed:
            missed.add(number)
            published.append(inv.miss(number))
    return inv, published, missed


@st.composite
def deliveries(draw: st.DrawFn, published: list[Event]) -> list[Event]:
    """The published events with a few neighbours swapped and a few delivered again."""
    delivered = list(published)
    if len(delivered) > 1:
        for j in draw(st.lists(st.integers(0, len(delivered) - 2), max_size=4)):
            delivered[j], delivered[j + 1] = delivered[j + 1], delivered[j]
    for _ in range(draw(st.integers(0, 4)) if delivered else 0):
        source = draw(st.integers(0, len(delivered) - 1))
        delivered.insert(draw(st.integers(source + 1, len(delivered))), delivered[source])
    return delivered


def overdue_iff_a_missed_invoice_is_unpaid(debtor: Debtor) -> bool:
    unpaid_missed = any(i.missed and i.outstanding > 0 for i in debtor.invoices.values())
    return (debtor.status == "overdue") == unpaid_missed


def replayed(events: list[Event], customer_id: str) -> Debtor:
    """The debtor rebuilt from its events' stored bytes, as a fresh process would."""
    return fold(initial(customer_id), [parse_stored(encode_event(e)) for e in events])


@settings(max_examples=300, deadline=None)
@given(data=st.data(), program=programs)
def test_random_histories_keep_the_debtor_consistent(
    data: st.DataObject, program: list[tuple[str, int, int]]
) -> None:
    inv, published, missed = invoicing_run(program)
    history, seen = History(), set()
    for event in data.draw(deliveries(published)):
        new = history.when(event)
        if event.event_id in seen:
            assert new == [], f"redelivered {event.type} recorded {[e.type for e in new]}"
        seen.add(event.event_id)
        assert overdue_iff_a_missed_invoice_is_unpaid(history.state)

    state = history.state
    assert replayed(history.events, history.customer_id) == state
    assert Debtor.model_validate_json(state.model_dump_json()) == state
    requests = [e for e in history.events if isinstance(e, NotificationRequested)]
    assert len({r.request_id for r in requests}) == len(requests) == state.episode
    for number, outstanding in inv.outstanding.items():
        tracked = state.invoices[number]
        assert (tracked.outstanding, tracked.currency) == (outstanding.amount, outstanding.currency)
        assert tracked.missed == (number in missed)
