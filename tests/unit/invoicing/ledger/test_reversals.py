"""A bounced payment undoes exactly what it did, and nothing else."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.invoicing.domain.ledger.commands import (
    ApplyUnappliedCredit,
    IssueCreditNote,
    RefundUnappliedCredit,
    ReversePayment,
)
from services.invoicing.domain.ledger.errors import (
    DatedBeforeDocument,
    NotAPayment,
    PaymentAlreadyReversed,
    PaymentPartlyRefunded,
    ReversalOfReversal,
)
from services.invoicing.domain.ledger.facts import PaymentReversed
from tests.unit.invoicing.ledger.given import D, Ledger, invoice, line, money, pay


def bounce(reversal_id: str, payment_id: str, day: int = 20) -> ReversePayment:
    return ReversePayment(
        reversal_id=reversal_id, payment_id=payment_id, on=D(2026, 4, day), reason="returned: NSF"
    )


def paid_twice() -> Ledger:
    ledger = Ledger(allocation_rule="manual")
    ledger.do(
        invoice("INV-A", "100.00", D(2026, 1, 1), D(2026, 2, 1)),
        invoice("INV-B", "300.00", D(2026, 2, 1), D(2026, 3, 1)),
        invoice("INV-C", "500.00", D(2026, 3, 1), D(2026, 4, 1)),
        pay("P-1", "450.00", D(2026, 4, 2), allocations=(line("INV-A", "100.00"),)),
        pay("P-2", "200.00", D(2026, 4, 3), allocations=(line("INV-C", "200.00"),)),
        ApplyUnappliedCredit(
            application_id="APP-1",
            currency="CNY",
            on=D(2026, 4, 5),
            source_id="P-1",
            allocations=(line("INV-B", "300.00"),),
        ),
    )
    return ledger


def test_reversing_a_payment_reopens_every_item_it_paid_including_later_applications() -> None:
    ledger = paid_twice()
    facts = ledger.do(bounce("R-1", "P-1"))
    assert isinstance(facts[0], PaymentReversed)
    assert facts[0].undone == (line("INV-A", "100.00"), line("INV-B", "300.00"))
    assert (ledger.open("INV-A"), ledger.open("INV-B")) == (Decimal("100.00"), Decimal("300.00"))
    assert ledger.open("INV-C") == Decimal("300.00")  # P-2's allocation stands
    assert ledger.unapplied() == 0  # P-1's 50.00 held on account went with it
    assert ledger.balance() == Decimal("700.00")


def test_the_account_after_a_reversal_is_the_account_as_if_the_payment_never_came() -> None:
    ledger = paid_twice()
    ledger.do(bounce("R-1", "P-1"))
    open_items = {i: ledger.open(i) for i in ("INV-A", "INV-B", "INV-C")}
    without = Ledger(allocation_rule="manual")
    without.do(
        invoice("INV-A", "100.00", D(2026, 1, 1), D(2026, 2, 1)),
        invoice("INV-B", "300.00", D(2026, 2, 1), D(2026, 3, 1)),
        invoice("INV-C", "500.00", D(2026, 3, 1), D(2026, 4, 1)),
        pay("P-2", "200.00", D(2026, 4, 3), allocations=(line("INV-C", "200.00"),)),
    )
    assert open_items == {i: without.open(i) for i in ("INV-A", "INV-B", "INV-C")}
    assert ledger.balance() == without.balance()


def test_a_reversal_sent_again_changes_nothing() -> None:
    ledger = paid_twice()
    ledger.do(bounce("R-1", "P-1"))
    assert ledger.do(bounce("R-1", "P-1")) == []


def test_a_second_reversal_of_the_same_payment_is_refused() -> None:
    ledger = paid_twice()
    ledger.do(bounce("R-1", "P-1"))
    with pytest.raises(PaymentAlreadyReversed, match="reversed on 2026-04-20"):
        ledger.do(bounce("R-2", "P-1"))


def test_a_reversal_of_a_reversal_is_refused() -> None:
    ledger = paid_twice()
    ledger.do(bounce("R-1", "P-1"))
    with pytest.raises(ReversalOfReversal, match="R-1 is a reversal"):
        ledger.do(bounce("R-2", "R-1"))


def test_a_credit_note_cannot_bounce() -> None:
    ledger = paid_twice()
    ledger.do(
        IssueCreditNote(
            credit_note_id="CN-1",
            issued_on=D(2026, 4, 6),
            reason="x",
            lines=(line("INV-C", "1.00"),),
        )
    )
    with pytest.raises(NotAPayment, match="debit note"):
        ledger.do(bounce("R-1", "CN-1"))


def test_a_payment_partly_refunded_cannot_bounce() -> None:
    ledger = paid_twice()
    ledger.do(
        RefundUnappliedCredit(
            refund_id="RF-1", source_id="P-1", amount=money("50.00"), on=D(2026, 4, 6), reason="r"
        )
    )
    with pytest.raises(PaymentPartlyRefunded, match=r"50\.00 CNY of P-1 was refunded"):
        ledger.do(bounce("R-1", "P-1"))


def test_a_reversal_dated_before_the_payment_is_refused() -> None:
    with pytest.raises(DatedBeforeDocument, match="before 2026-04-02"):
        paid_twice().do(bounce("R-1", "P-1", day=1))
