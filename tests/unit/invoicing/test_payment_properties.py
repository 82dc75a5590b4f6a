"""Money never goes astray: whatever order and size of payments, the sums are exact."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.invoicing.domain.errors import PaymentExceedsOutstanding
from tests.unit.invoicing.given import History, cny, issue, pay

CENTS = st.integers(min_value=1, max_value=10**11)


def money(cents: int) -> str:
    return str(Decimal(cents).scaleb(-2))


@settings(max_examples=200, deadline=None)
@given(total=CENTS, fractions=st.lists(st.floats(0.0001, 1.0), min_size=1, max_size=12))
def test_valid_partial_payments_never_make_outstanding_negative_and_sum_exactly(
    total: int, fractions: list[float]
) -> None:
    history = History().given([issue(amount=cny(money(total)))])
    paid = Decimal(0)
    for n, fraction in enumerate(fractions):
        invoice = history.state.invoice
        assert invoice is not None
        left = int(invoice.outstanding.amount.scaleb(2))
        if left == 0:
            break
        cents = max(1, min(left, int(left * fraction)))
        history.apply(pay(f"P-{n}", money(cents)))
        paid += Decimal(money(cents))

        invoice = history.state.invoice
        assert invoice is not None
        assert invoice.outstanding.amount >= 0
        assert invoice.paid.amount == paid
        assert invoice.paid.amount + invoice.outstanding.amount == invoice.amount.amount
        assert (invoice.status == "settled") == (invoice.outstanding.amount == 0)
    settled = [e for e in history.events if e.type == "InvoiceSettled"]
    assert len(settled) == (1 if paid == Decimal(money(total)) else 0)


@settings(max_examples=200, deadline=None)
@given(total=CENTS, attempts=st.lists(CENTS, min_size=1, max_size=15))
def test_any_sequence_of_attempts_books_only_what_fits(total: int, attempts: list[int]) -> None:
    history = History().given([issue(amount=cny(money(total)))])
    booked = 0
    for n, cents in enumerate(attempts):
        try:
            history.apply(pay(f"P-{n}", money(cents)))
        except PaymentExceedsOutstanding:
            assert booked + cents > total
        else:
            booked += cents
        invoice = history.state.invoice
        assert invoice is not None
        assert invoice.outstanding.amount == Decimal(money(total - booked))
        assert invoice.outstanding.amount >= 0
