from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.invoicing.domain.commands import CheckPaymentDue
from services.invoicing.domain.errors import (
    InvoiceNotFound,
    PaymentAmountNotPositive,
    PaymentCurrencyMismatch,
    PaymentExceedsOutstanding,
    PaymentIdConflict,
)
from shared.contracts.invoicing import InvoiceSettled, PaymentReceived
from shared.contracts.money import Money
from tests.unit.invoicing.given import History, cny, issue, pay, types


def issued() -> History:
    return History().given([issue()])


def test_a_partial_payment_reduces_what_is_outstanding() -> None:
    history = issued()

    decision = history.apply(pay("BANK-1", "5000.00"))

    [received] = decision.events
    assert isinstance(received, PaymentReceived)
    assert received.outstanding == cny("7000.00")
    assert (received.payment_id, received.customer_id, received.source) == (
        "BANK-1",
        "C-1001",
        "api",
    )
    assert list(decision.cancel) == []
    invoice = history.state.invoice
    assert invoice is not None and invoice.status == "open"
    assert invoice.paid == cny("5000.00") and invoice.outstanding == cny("7000.00")


def test_paying_the_rest_settles_the_invoice_and_cancels_the_due_timer() -> None:
    history = issued().given([pay("BANK-1", "5000.00")])

    decision = history.apply(pay("BANK-2", "7000.00", day=5))

    assert types(decision) == ["PaymentReceived", "InvoiceSettled"]
    settled = decision.events[1]
    assert isinstance(settled, InvoiceSettled) and settled.settled_on == dt.date(2026, 12, 5)
    assert decision.cancel == ["due:INV-2026-0001"]
    assert [e.aggregate_version for e in history.events] == [1, 2, 3, 4]
    invoice = history.state.invoice
    assert invoice is not None and invoice.status == "settled"
    assert invoice.outstanding == cny("0.00")


def test_one_payment_of_the_full_amount_settles_at_once() -> None:
    decision = issued().when(pay("BANK-1", "12000.00"))
    assert types(decision) == ["PaymentReceived", "InvoiceSettled"]


def test_a_re_sent_payment_decides_nothing() -> None:
    history = issued().given([pay("BANK-1", "5000.00")])

    again = history.when(pay("BANK-1", "5000"))

    assert types(again) == []


def test_a_re_sent_payment_on_a_settled_invoice_still_decides_nothing() -> None:
    history = issued().given([pay("BANK-1", "12000.00")])
    assert types(history.when(pay("BANK-1", "12000.00"))) == []


@pytest.mark.parametrize("other", [pay("BANK-1", "4000.00"), pay("BANK-1", "5000.00", day=4)])
def test_a_payment_reference_reused_with_other_data_is_a_conflict(other: object) -> None:
    history = issued().given([pay("BANK-1", "5000.00")])
    with pytest.raises(PaymentIdConflict):
        history.when(other)  # type: ignore[arg-type]


def test_an_overpayment_is_refused() -> None:
    history = issued().given([pay("BANK-1", "5000.00")])

    with pytest.raises(PaymentExceedsOutstanding, match=r"7000\.00 CNY"):
        history.when(pay("BANK-2", "7000.01"))


def test_a_payment_on_a_settled_invoice_is_refused() -> None:
    history = issued().given([pay("BANK-1", "12000.00")])
    with pytest.raises(PaymentExceedsOutstanding):
        history.when(pay("BANK-2", "0.01"))


def test_a_payment_in_another_currency_is_refused() -> None:
    usd = Money(amount=Decimal("100.00"), currency="USD")
    with pytest.raises(PaymentCurrencyMismatch, match="USD"):
        issued().when(pay("BANK-1", usd))


@pytest.mark.parametrize("amount", ["0.00", "-1.00"])
def test_a_payment_of_nothing_or_less_is_refused(amount: str) -> None:
    with pytest.raises(PaymentAmountNotPositive):
        issued().when(pay("BANK-1", amount))


def test_a_payment_on_an_unknown_invoice_is_refused() -> None:
    with pytest.raises(InvoiceNotFound):
        History().when(pay("BANK-1", "1.00"))


def check() -> CheckPaymentDue:
    return CheckPaymentDue(
        timer_id="due:INV-2026-0001",
        external_number="INV-2026-0001",
        customer_id="C-1001",
        grace_days=3,
    )


def test_the_due_timer_on_an_unpaid_invoice_records_a_missed_payment() -> None:
    history = issued().given([pay("BANK-1", "2000.00")])

    decision = history.apply(check())

    [missed] = decision.events
    assert missed.type == "PaymentMissed"
    assert missed.model_dump(include={"outstanding", "grace_days", "due_date"}) == {
        "outstanding": cny("10000.00").model_dump(),
        "grace_days": 3,
        "due_date": dt.date(2026, 11, 30),
    }
    invoice = history.state.invoice
    assert invoice is not None and invoice.status == "overdue"


def test_a_missed_payment_is_recorded_only_once() -> None:
    history = issued().given([check()])
    assert types(history.when(check())) == []


def test_the_due_timer_on_a_settled_invoice_records_nothing() -> None:
    history = issued().given([pay("BANK-1", "12000.00")])
    assert types(history.when(check())) == []


def test_an_overdue_invoice_can_still_be_paid_and_settled() -> None:
    history = issued().given([check()])

    decision = history.apply(pay("BANK-1", "12000.00", day=20))

    assert types(decision) == ["PaymentReceived", "InvoiceSettled"]
    invoice = history.state.invoice
    assert invoice is not None and invoice.status == "settled" and invoice.payment_missed
