"""Facts are checked on the way in, and folding them is idempotent."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.analytics.domain import Book, ConflictingFact, InvalidPeriod, Period, aging
from services.analytics.domain.facts import FACT
from tests.unit.analytics.given import d, issue, pay


def test_a_fact_seen_again_is_skipped_and_changes_nothing() -> None:
    book = Book.of([issue("I1", 100, d(2026, 1, 1), d(2026, 1, 31))])
    payment = pay("I1", 40, d(2026, 1, 10))

    assert book.record(payment) is True
    assert book.record(payment) is False
    assert aging(book, d(2026, 2, 1)).totals() == {"CNY": 60}


def test_a_fact_id_reused_with_other_content_is_refused_and_the_first_kept() -> None:
    book = Book.of([issue("I1", 100, d(2026, 1, 1), d(2026, 1, 31))])
    book.record(pay("I1", 40, d(2026, 1, 10), payment="P-1"))

    with pytest.raises(ConflictingFact, match="pay/P-1/I1"):
        book.record(pay("I1", 50, d(2026, 1, 10), payment="P-1"))
    assert aging(book, d(2026, 2, 1)).totals() == {"CNY": 60}


def test_an_invoice_issued_twice_under_two_ids_counts_once_and_may_not_differ() -> None:
    first = issue("I1", 100, d(2026, 1, 1), d(2026, 1, 31))
    book = Book.of([first])

    assert book.record(first.model_copy(update={"fact_id": "replayed"})) is False
    assert aging(book, d(2026, 2, 1)).totals() == {"CNY": 100}
    with pytest.raises(ConflictingFact, match="contradicts 'issue/I1' on the same case"):
        book.record(first.model_copy(update={"fact_id": "other", "due_date": d(2026, 2, 28)}))
    row = aging(book, d(2026, 2, 1)).row(None, "CNY")
    assert row is not None and row.amount("1-30") == 100  # still due 31 January


def test_facts_parse_from_json_by_their_kind() -> None:
    fact = FACT.validate_json(
        '{"kind": "payment_applied", "fact_id": "e-1", "payment_id": "BANK-7", '
        '"invoice_id": "I1", "amount": {"amount": "12.50", "currency": "CNY"}, '
        '"value_date": "2026-03-10"}'
    )

    assert fact == pay("I1", "12.50", d(2026, 3, 10), payment="BANK-7").model_copy(
        update={"fact_id": "e-1"}
    )


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"due_date": "2025-12-31"}, "due_date 2025-12-31 is before issue_date"),
        ({"amount": {"amount": "-5", "currency": "CNY"}}, "greater than zero"),
        ({"amount": {"amount": "5.5", "currency": "JPY"}}, "JPY has 0 decimal places"),
        ({"amount": {"amount": "5", "currency": "XYZ"}}, "unknown currency"),
        ({"kind": "invoice_burned"}, "invoice_burned"),
    ],
)
def test_a_bad_fact_is_refused_with_the_rule_it_broke(
    change: dict[str, object], complaint: str
) -> None:
    good = issue("I1", 100, d(2026, 1, 1), d(2026, 1, 31)).model_dump(mode="json")

    with pytest.raises(ValidationError, match=complaint):
        FACT.validate_python({**good, **change})


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidPeriod, match="ends"):
        Period(start=d(2026, 3, 2), end=d(2026, 3, 1))
