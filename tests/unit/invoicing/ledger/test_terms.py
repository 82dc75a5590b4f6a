"""Payment terms: due dates from the terms, and the early-payment discount as a credit note."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.invoicing.domain.ledger.commands import IssueCreditNote, ReversePayment
from services.invoicing.domain.ledger.facts import CreditNoteIssued, PaymentReceived
from services.invoicing.domain.ledger.terms import PaymentTerms
from tests.unit.invoicing.ledger.given import D, Ledger, invoice, line, pay


@pytest.mark.parametrize(
    ("text", "issued", "due"),
    [
        ("net 30", D(2026, 1, 15), D(2026, 2, 14)),
        ("2/10 net 30", D(2026, 1, 15), D(2026, 2, 14)),
        ("2/10, n/30", D(2026, 1, 15), D(2026, 2, 14)),
        ("net 30 EOM", D(2026, 1, 15), D(2026, 3, 2)),  # 31 Jan + 30 days
        ("EOM", D(2026, 2, 3), D(2026, 2, 28)),
        ("月结30天", D(2026, 1, 15), D(2026, 3, 2)),
    ],
)
def test_the_due_date_follows_from_the_terms(text: str, issued: dt.date, due: dt.date) -> None:
    assert PaymentTerms.parse(text).due_date(issued) == due


def test_terms_that_cannot_be_read_say_how_to_write_them() -> None:
    with pytest.raises(ValueError, match=r"write e\.g\. 'net 30'"):
        PaymentTerms.parse("payable soonish")


def test_an_invoice_without_a_due_date_takes_it_from_the_customer_terms() -> None:
    ledger = Ledger(terms=PaymentTerms.parse("2/10 net 30"))
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1)))
    item = ledger.account.item("INV-1")
    assert item.due_date == D(2026, 3, 31)
    assert item.discount is not None and item.discount.until == D(2026, 3, 11)


def test_paying_inside_the_discount_window_settles_with_a_discount_credit_note() -> None:
    # 2/10 net 30 on 1,000.00 issued 1 Mar: 2 % = 20.00 off when paid by 11 Mar.
    ledger = Ledger()
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1), terms="2/10 net 30"))
    facts = ledger.do(pay("P-1", "980.00", D(2026, 3, 11)))
    received, note = facts
    assert isinstance(received, PaymentReceived) and isinstance(note, CreditNoteIssued)
    assert received.applied == (line("INV-1", "980.00"),)
    assert (note.cause, note.amount.amount, note.lines) == (
        "early_payment_discount",
        Decimal("20.00"),
        (line("INV-1", "20.00"),),
    )
    assert ledger.open("INV-1") == 0 and ledger.balance() == 0


def test_paying_after_the_window_earns_no_discount() -> None:
    ledger = Ledger()
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1), terms="2/10 net 30"))
    facts = ledger.do(pay("P-1", "980.00", D(2026, 3, 12)))
    assert len(facts) == 1
    assert ledger.open("INV-1") == Decimal("20.00")


def test_a_part_payment_inside_the_window_earns_no_discount_until_the_rest_comes_in_time() -> None:
    ledger = Ledger()
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1), terms="2/10 net 30"))
    assert len(ledger.do(pay("P-1", "500.00", D(2026, 3, 5)))) == 1
    facts = ledger.do(pay("P-2", "480.00", D(2026, 3, 10)))
    assert isinstance(facts[1], CreditNoteIssued) and facts[1].amount.amount == Decimal("20.00")
    assert ledger.open("INV-1") == 0


def test_a_customer_paying_in_full_inside_the_window_has_the_discount_left_on_account() -> None:
    ledger = Ledger()
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1), terms="2/10 net 30"))
    ledger.do(pay("P-1", "1000.00", D(2026, 3, 2)))
    assert ledger.open("INV-1") == 0
    assert ledger.unapplied() == Decimal("20.00")


def test_the_discount_is_on_the_invoice_less_its_credit_notes() -> None:
    # 1,000.00 less a 100.00 credit note = 900.00; 2 % = 18.00; pay 900 - 18 = 882.00.
    ledger = Ledger()
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1), terms="2/10 net 30"))
    ledger.do(
        IssueCreditNote(
            credit_note_id="CN-1",
            issued_on=D(2026, 3, 2),
            reason="price",
            lines=(line("INV-1", "100.00"),),
        )
    )
    facts = ledger.do(pay("P-1", "882.00", D(2026, 3, 3)))
    assert isinstance(facts[1], CreditNoteIssued) and facts[1].amount.amount == Decimal("18.00")
    assert ledger.open("INV-1") == 0


def test_a_bounced_discount_payment_takes_its_discount_back_too() -> None:
    ledger = Ledger()
    ledger.do(invoice("INV-1", "1000.00", D(2026, 3, 1), terms="2/10 net 30"))
    ledger.do(pay("P-1", "980.00", D(2026, 3, 11)))
    ledger.do(ReversePayment(reversal_id="R-1", payment_id="P-1", on=D(2026, 3, 20), reason="NSF"))
    assert ledger.open("INV-1") == Decimal("1000.00")
    assert ledger.balance() == Decimal("1000.00")
