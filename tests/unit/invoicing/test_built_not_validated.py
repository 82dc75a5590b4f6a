"""Values the hot path builds from values already validated, instead of validating them again
(``constructed``): each is the very value pydantic's validation gives for the same input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from services.invoicing.domain.due_watch import TIMER_KIND, DueWatch, due_timer_id
from services.invoicing.domain.ledger import evolve, new_account
from services.invoicing.domain.ledger.facts import InvoiceBooked
from services.invoicing.domain.ledger.model import DebitItem
from services.invoicing.domain.ledger.terms import EarlyDiscount
from shared.contracts.money import Money, minor_units
from shared.kernel.timer import Timer

DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
ZONES = st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"])
NUMBERS = st.text("ABCINV-0123456789/", min_size=1, max_size=40)


def same(built: object, validated: object) -> None:
    """Equal, of one type, and field by field the same text (a ``Decimal``'s exponent too)."""
    assert type(built) is type(validated)
    assert built == validated
    assert repr(built) == repr(validated)


@given(
    number=NUMBERS,
    cents=st.integers(1, 10**12),
    currency=st.sampled_from(["CNY", "JPY", "EUR", "KWD"]),
    issued=DAYS,
    days=st.integers(0, 400),
    percent=st.none() | st.decimals("0.5", "20", places=1),
)
def test_a_booked_invoice_is_the_item_validation_gives(
    number: str, cents: int, currency: str, issued: dt.date, days: int, percent: Decimal | None
) -> None:
    amount = Money.of(Decimal(cents).scaleb(-minor_units(currency)), currency)
    due = issued + dt.timedelta(days=days)
    discount = None if percent is None else EarlyDiscount(percent=percent, until=due)
    fact = InvoiceBooked(
        invoice_id=number, amount=amount, issue_date=issued, due_date=due, discount=discount
    )
    item = evolve(new_account("C-1"), fact).items[number]
    same(item, DebitItem(
        item_id=number, kind="invoice", currency=currency, amount=amount.amount,
        booked_on=issued, due_date=due, group_id=number, discount=discount,
    ))  # fmt: skip


@given(number=NUMBERS, due=DAYS, grace=st.integers(0, 60), zone=ZONES)
def test_a_due_timer_is_the_timer_validation_gives(
    number: str, due: dt.date, grace: int, zone: str
) -> None:
    watch = DueWatch(grace, zone)
    timer = watch.timer(number, "C-1", due)
    expected = Timer(
        timer_id=due_timer_id(number), kind=TIMER_KIND, aggregate_id=number,
        due_at=watch.missed_at(due), payload={"customer_id": "C-1", "grace_days": grace},
    )  # fmt: skip
    same(timer, expected)
    assert timer.due_at.tzinfo is expected.due_at.tzinfo is dt.UTC
    assert timer.due_ms == expected.due_ms
