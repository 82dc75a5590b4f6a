"""Statements (对账单): opening balance, the period's lines, closing balance, aging."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.invoicing.domain.ledger import build_statement
from services.invoicing.domain.ledger.commands import IssueCreditNote, ReversePayment
from services.invoicing.domain.ledger.errors import EmptyStatementPeriod
from services.invoicing.domain.ledger.statement import statement_id
from tests.unit.invoicing.ledger.given import D, Ledger, invoice, line, pay

MARCH = (D(2026, 3, 1), D(2026, 4, 1))


def customer() -> Ledger:
    ledger = Ledger()
    ledger.do(
        invoice("INV-A", "1000.00", D(2026, 1, 5), D(2026, 2, 4)),
        invoice("INV-B", "500.00", D(2026, 2, 10), D(2026, 3, 12)),
        pay("P-1", "600.00", D(2026, 2, 20)),
        IssueCreditNote(
            credit_note_id="CN-1",
            issued_on=D(2026, 3, 5),
            reason="damaged goods",
            lines=(line("INV-B", "100.00"),),
        ),
        invoice("INV-C", "300.00", D(2026, 3, 20), D(2026, 4, 19)),
        pay("P-2", "50.00", D(2026, 4, 2)),  # after the period: not on March's statement
    )
    return ledger


def test_a_monthly_statement_shows_opening_lines_closing_and_aging() -> None:
    march = build_statement(customer().account, *MARCH).currencies[0]
    assert march.currency == "CNY"
    assert march.opening_balance == Decimal("900.00")  # 1,000 + 500 - 600
    assert [(x.document_id, x.debit, x.credit, x.balance) for x in march.lines] == [
        ("CN-1", 0, Decimal("100.00"), Decimal("800.00")),
        ("INV-C", Decimal("300.00"), 0, Decimal("1100.00")),
    ]
    assert march.closing_balance == Decimal("1100.00")
    # On 31 March: INV-A 400 open, 55 days late; INV-B 400 open, 19 days; INV-C not due.
    assert [(i.item_id, i.days_past_due, i.bucket, i.open) for i in march.open_items] == [
        ("INV-A", 55, "31-60", Decimal("400.00")),
        ("INV-B", 19, "1-30", Decimal("400.00")),
        ("INV-C", 0, "not_due", Decimal("300.00")),
    ]
    assert march.aging == {
        "not_due": Decimal("300.00"),
        "1-30": Decimal("400.00"),
        "31-60": Decimal("400.00"),
        "61-90": 0,
        "over_90": 0,
    }


def test_a_statement_of_a_past_period_shows_the_items_as_they_stood_then() -> None:
    ledger = customer()
    ledger.do(ReversePayment(reversal_id="R-1", payment_id="P-1", on=D(2026, 4, 10), reason="NSF"))
    march = build_statement(ledger.account, *MARCH).currencies[0]
    assert march.closing_balance == Decimal("1100.00")
    assert sum(i.open for i in march.open_items) == Decimal("1100.00")
    april = build_statement(ledger.account, D(2026, 4, 1), D(2026, 5, 1)).currencies[0]
    assert [(x.kind, x.debit, x.credit) for x in april.lines] == [
        ("payment", 0, Decimal("50.00")),
        ("reversal", Decimal("600.00"), 0),
    ]
    assert april.closing_balance == Decimal("1650.00")


def test_held_credit_shows_as_unapplied_and_the_closing_balance_nets_it() -> None:
    ledger = customer()
    ledger.do(pay("P-3", "2000.00", D(2026, 4, 20)))
    april = build_statement(ledger.account, D(2026, 4, 1), D(2026, 5, 1)).currencies[0]
    assert april.open_items == ()
    assert april.unapplied_credit == Decimal("950.00")
    assert april.closing_balance == Decimal("-950.00")


def test_the_statement_id_is_derived_from_customer_and_period() -> None:
    account = customer().account
    assert build_statement(account, *MARCH).statement_id == statement_id("C-1001", *MARCH)
    assert statement_id("C-1001", *MARCH) != statement_id("C-1002", *MARCH)
    assert statement_id("C-1001", *MARCH) != statement_id("C-1001", D(2026, 3, 1), D(2026, 3, 31))


def test_a_period_that_does_not_end_after_it_starts_is_refused() -> None:
    with pytest.raises(EmptyStatementPeriod):
        build_statement(customer().account, D(2026, 3, 1), D(2026, 3, 1))
