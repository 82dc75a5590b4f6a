"""Which items a payment pays: the payer's list, the customer's rule, the law's order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.invoicing.domain.ledger.commands import (
    ApplyUnappliedCredit,
    RaiseCharge,
    ReceivePayment,
)
from services.invoicing.domain.ledger.errors import (
    AllocationExceedsAvailableCredit,
    AllocationExceedsOpenAmount,
    AmountBeyondMinorUnit,
    CurrencyMismatch,
    DuplicateAllocationTarget,
    NoUnappliedCredit,
    UnknownItem,
)
from services.invoicing.domain.ledger.facts import PaymentReceived, UnappliedCreditApplied
from tests.unit.invoicing.ledger.given import D, Ledger, invoice, line, money, pay


def three_invoices(ledger: Ledger) -> None:
    ledger.do(
        invoice("INV-B", "300.00", D(2026, 2, 1), D(2026, 3, 1)),
        invoice("INV-A", "100.00", D(2026, 1, 1), D(2026, 2, 1)),
        invoice("INV-C", "500.00", D(2026, 3, 1), D(2026, 4, 1)),
    )


def applied(facts: list[object]) -> dict[str, Decimal]:
    received = next(f for f in facts if isinstance(f, PaymentReceived))
    return {a.item_id: a.amount for a in received.applied}


def test_an_explicit_allocation_list_pays_exactly_the_items_named() -> None:
    ledger = Ledger()
    three_invoices(ledger)
    facts = ledger.do(pay("P-1", "450.00", D(2026, 4, 2), allocations=(line("INV-C", "400.00"),)))
    assert applied(facts) == {"INV-C": Decimal("400.00")}
    assert ledger.open("INV-A") == Decimal("100.00")
    assert ledger.open("INV-C") == Decimal("100.00")
    assert ledger.unapplied() == Decimal("50.00")  # what the list left over waits on account


def test_without_a_list_the_oldest_due_invoice_is_paid_first() -> None:
    ledger = Ledger()
    three_invoices(ledger)
    facts = ledger.do(pay("P-1", "350.00", D(2026, 4, 2)))
    assert applied(facts) == {"INV-A": Decimal("100.00"), "INV-B": Decimal("250.00")}
    assert ledger.open("INV-B") == Decimal("50.00")
    assert ledger.open("INV-C") == Decimal("500.00")


def test_the_largest_first_rule_pays_the_largest_open_debt_first() -> None:
    ledger = Ledger(allocation_rule="largest_first")
    three_invoices(ledger)
    assert applied(ledger.do(pay("P-1", "600.00", D(2026, 4, 2)))) == {
        "INV-C": Decimal("500.00"),
        "INV-B": Decimal("100.00"),
    }


def test_the_reference_rule_pays_the_invoices_the_remittance_names_then_the_oldest() -> None:
    ledger = Ledger(allocation_rule="reference_then_oldest")
    three_invoices(ledger)
    facts = ledger.do(pay("P-1", "600.00", D(2026, 4, 2), reference="payment for inv-c, INV-X"))
    assert applied(facts) == {"INV-C": Decimal("500.00"), "INV-A": Decimal("100.00")}


def test_the_manual_rule_keeps_the_money_unapplied_until_a_person_applies_it() -> None:
    ledger = Ledger(allocation_rule="manual")
    three_invoices(ledger)
    assert applied(ledger.do(pay("P-1", "150.00", D(2026, 4, 2)))) == {}
    assert ledger.unapplied() == Decimal("150.00")
    facts = ledger.do(
        ApplyUnappliedCredit(application_id="APP-1", currency="CNY", on=D(2026, 4, 3))
    )
    assert isinstance(facts[0], UnappliedCreditApplied)
    assert [(a.source_id, a.item_id, a.amount) for a in facts[0].lines] == [
        ("P-1", "INV-A", Decimal("100.00")),
        ("P-1", "INV-B", Decimal("50.00")),
    ]
    assert ledger.unapplied() == 0


def test_an_overpayment_is_kept_as_unapplied_credit() -> None:
    ledger = Ledger()
    ledger.do(invoice("INV-A", "100.00", D(2026, 1, 1), D(2026, 2, 1)))
    ledger.do(pay("P-1", "130.00", D(2026, 1, 20)))
    assert ledger.open("INV-A") == 0
    assert ledger.unapplied() == Decimal("30.00")
    assert ledger.balance() == Decimal("-30.00")  # the creditor holds 30 for the customer


def test_held_credit_pays_the_next_invoice_when_the_customer_rule_says_so() -> None:
    ledger = Ledger(auto_apply_credit=True)
    ledger.do(pay("P-1", "130.00", D(2026, 1, 20)))
    facts = ledger.do(invoice("INV-N", "100.00", D(2026, 2, 1), D(2026, 3, 1)))
    assert isinstance(facts[1], UnappliedCreditApplied)
    assert ledger.open("INV-N") == 0
    assert ledger.unapplied() == Decimal("30.00")


def test_held_credit_waits_for_a_command_when_the_customer_rule_does_not_apply_it() -> None:
    ledger = Ledger()
    ledger.do(pay("P-1", "130.00", D(2026, 1, 20)))
    ledger.do(invoice("INV-N", "100.00", D(2026, 2, 1), D(2026, 3, 1)))
    assert ledger.open("INV-N") == Decimal("100.00")
    assert ledger.unapplied() == Decimal("130.00")


def test_within_one_debt_a_partial_payment_pays_costs_then_interest_then_principal() -> None:
    """民法典 第561条 / BGB §367(1): costs first, then interest, then the principal."""
    ledger = Ledger(jurisdiction="eu")
    ledger.do(invoice("INV-1", "10000.00", D(2025, 9, 1), D(2025, 9, 30), currency="EUR"))
    ledger.accrue(D(2025, 11, 30))  # 60 days: EUR 166.85 interest and EUR 40 compensation
    ledger.do(
        RaiseCharge(
            charge_id="FEE-1",
            kind="fee",
            amount=money("15.00", "EUR"),
            booked_on=D(2025, 11, 30),
            invoice_id="INV-1",
            reason="bank charges for the returned direct debit",
        )
    )
    facts = ledger.do(pay("P-1", "1000.00", D(2025, 12, 1), currency="EUR"))
    assert applied(facts) == {
        "compensation:INV-1": Decimal("40.00"),  # costs, oldest first
        "FEE-1": Decimal("15.00"),
        "interest:INV-1:2025-10-01:2025-11-30": Decimal("166.85"),  # then interest
        "INV-1": Decimal("778.15"),  # then principal: 1000 - 40 - 15 - 166.85
    }


def test_naming_the_invoice_in_a_list_still_pays_its_costs_and_interest_first() -> None:
    ledger = Ledger(jurisdiction="eu")
    ledger.do(invoice("INV-1", "10000.00", D(2025, 9, 1), D(2025, 9, 30), currency="EUR"))
    ledger.accrue(D(2025, 11, 30))
    facts = ledger.do(
        pay("P-1", "500.00", D(2025, 12, 1), "EUR", allocations=(line("INV-1", "500.00"),))
    )
    assert applied(facts)["INV-1"] == Decimal("293.15")  # 500 - 40 - 166.85


def test_naming_a_charge_in_a_list_pays_that_charge() -> None:
    ledger = Ledger(jurisdiction="eu")
    ledger.do(invoice("INV-1", "10000.00", D(2025, 9, 1), D(2025, 9, 30), currency="EUR"))
    ledger.accrue(D(2025, 11, 30))
    ledger.do(
        pay("P-1", "10000.00", D(2025, 12, 1), "EUR", allocations=(line("INV-1", "10000.00"),))
    )
    assert ledger.open("INV-1") == Decimal("206.85")  # the principal left once costs were paid


@pytest.mark.parametrize(
    ("allocations", "error", "says"),
    [
        ((line("INV-9", "10.00"),), UnknownItem, "no invoice or charge INV-9"),
        ((line("INV-A", "100.01"),), AllocationExceedsOpenAmount, "only 100.00 CNY open"),
        ((line("INV-E", "10.00"),), CurrencyMismatch, "INV-E is in EUR"),
        ((line("INV-A", "90.00"), line("INV-A", "10.00")), DuplicateAllocationTarget, "twice"),
        (
            (line("INV-A", "100.00"), line("INV-B", "300.00")),
            AllocationExceedsAvailableCredit,
            "exceed the 150.00 CNY available",
        ),
        ((line("INV-A", "10.001"),), AmountBeyondMinorUnit, "more decimal places than CNY"),
    ],
)
def test_an_allocation_list_that_breaks_a_rule_is_refused_by_name(
    allocations: tuple[object, ...], error: type[Exception], says: str
) -> None:
    ledger = Ledger()
    three_invoices(ledger)
    ledger.do(invoice("INV-E", "50.00", D(2026, 1, 1), D(2026, 2, 1), currency="EUR"))
    before = ledger.account
    command = ReceivePayment.model_validate(
        {
            "payment_id": "P-1",
            "amount": money("150.00"),
            "value_date": D(2026, 4, 2),
            "allocations": allocations,
        }
    )
    with pytest.raises(error, match=says):
        ledger.do(command)
    assert ledger.account == before  # a refusal loses and changes nothing


def test_a_payment_in_another_currency_pays_only_items_in_its_own() -> None:
    ledger = Ledger()
    ledger.do(invoice("INV-E", "50.00", D(2026, 1, 1), D(2026, 2, 1), currency="EUR"))
    ledger.do(invoice("INV-A", "100.00", D(2026, 1, 5), D(2026, 2, 5)))
    assert applied(ledger.do(pay("P-1", "40.00", D(2026, 3, 1), currency="EUR"))) == {
        "INV-E": Decimal("40.00")
    }
    assert ledger.open("INV-A") == Decimal("100.00")


def test_applying_credit_when_none_is_held_is_refused() -> None:
    ledger = Ledger()
    three_invoices(ledger)
    with pytest.raises(NoUnappliedCredit, match="no unapplied CNY credit"):
        ledger.do(ApplyUnappliedCredit(application_id="APP-1", currency="CNY", on=D(2026, 4, 3)))


def test_a_payment_sent_again_books_nothing_the_second_time() -> None:
    ledger = Ledger()
    three_invoices(ledger)
    ledger.do(pay("P-1", "350.00", D(2026, 4, 2)))
    assert ledger.do(pay("P-1", "350.00", D(2026, 4, 2))) == []
    assert ledger.open("INV-B") == Decimal("50.00")


def test_one_payment_across_many_invoices_is_one_fact() -> None:
    ledger = Ledger()
    ledger.do(*(invoice(f"INV-{n:03}", "10.00", D(2026, 1, 1), D(2026, 2, 1)) for n in range(200)))
    facts = ledger.do(pay("P-1", "2000.00", D(2026, 3, 1)))
    assert len(facts) == 1 and len(applied(facts)) == 200
    assert ledger.balance() == 0
