"""Cancelled and credited invoices, as invoicing publishes them, leave aging, DSO and CEI
from their effective dates, and stay in every report as of a date before — worked by hand.

    I1 CNY 1,000.00 issued 5 Jan, due 4 Feb; cancelled on 10 Mar (the event names no amount)
    I2 CNY   600.00 issued 10 Jan, due 9 Feb; a credit note for all of it on 12 Mar
    I3 CNY   400.00 issued 1 Feb, due 3 Mar; paid on 20 Mar
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.analytics.domain import BUCKETS, Book, aging, cei, dso
from services.analytics.domain.facts import Fact
from services.analytics.domain.intake import facts_of
from shared.contracts import Event
from shared.contracts import invoicing as inv
from tests.integration.analytics.history import at, cny, event

d = dt.date
ZONE = ZoneInfo("Asia/Shanghai")


def issued(invoice_id: str, amount: str, on: dt.date, due: dt.date) -> Event:
    return event(
        inv.InvoiceIssued, at(on), "C-1", invoice_id=invoice_id, customer_id="C-1",
        external_number=invoice_id, amount=cny(amount), issue_date=on, due_date=due,
    )  # fmt: skip


HISTORY: list[Event] = [
    issued("I1", "1000.00", d(2026, 1, 5), d(2026, 2, 4)),
    issued("I2", "600.00", d(2026, 1, 10), d(2026, 2, 9)),
    issued("I3", "400.00", d(2026, 2, 1), d(2026, 3, 3)),
    event(
        inv.InvoiceCancelled, at(d(2026, 3, 10)), "C-1", invoice_id="I1", customer_id="C-1",
        outstanding=cny("0"), cancelled_on=d(2026, 3, 10),
    ),
    event(
        inv.InvoiceCredited, at(d(2026, 3, 12)), "C-1", invoice_id="I2", customer_id="C-1",
        outstanding=cny("0"), credit_note_id="CN-1", amount=cny("600.00"),
        issued_on=d(2026, 3, 12),
    ),
    event(
        inv.PaymentReceived, at(d(2026, 3, 20)), "C-1", payment_id="P-1", invoice_id="I3",
        customer_id="C-1", amount=cny("400.00"), value_date=d(2026, 3, 20),
        outstanding=cny("0"),
    ),
]  # fmt: skip


def book_of(events: list[Event]) -> Book:
    facts: list[Fact] = [fact for e in events for fact in facts_of(e, ZONE)]
    return Book.of(facts)


def buckets(book: Book, as_of: dt.date) -> dict[str, Decimal]:
    row = aging(book, as_of).row(None, "CNY")
    return {} if row is None else {b: a for b, a in zip(BUCKETS, row.amounts, strict=True) if a}


def test_a_cancelled_and_a_credited_invoice_stay_in_aging_before_and_drop_out_after() -> None:
    book = book_of(HISTORY)

    # 9 Mar: I1 33 days past due; I2 28 and I3 6 days past due.
    assert buckets(book, d(2026, 3, 9)) == {"1-30": Decimal("1000.00"), "31-60": Decimal("1000.00")}
    # 10 Mar: I1 cancelled that day; I2 (29 days) and I3 (7 days) still owed.
    assert buckets(book, d(2026, 3, 10)) == {"1-30": Decimal("1000.00")}
    # 15 Mar: I2 credited on the 12th; only I3 is left (12 days past due).
    assert buckets(book, d(2026, 3, 15)) == {"1-30": Decimal("400.00")}


def test_the_order_the_facts_arrive_in_changes_nothing() -> None:
    shuffled = HISTORY[:]
    random.Random(7).shuffle(shuffled)
    cancel_first = [HISTORY[3], *HISTORY[:3], *HISTORY[4:]]  # a rebuild may meet it first

    for events in (shuffled, cancel_first):
        again = book_of(events)
        for day in (d(2026, 3, 9), d(2026, 3, 10), d(2026, 3, 15), d(2026, 3, 31)):
            assert aging(again, day) == aging(book_of(HISTORY), day)


def test_dso_counts_the_cancellation_and_the_credit_note_out_of_sales_and_receivables() -> None:
    report = dso(book_of(HISTORY), d(2026, 3, 15), "CNY")

    # AR 15 Mar = I3 400.00. Net sales: Jan 1,600.00, Feb 400.00,
    # Mar 1–15: 0 − 1,000.00 (cancelled) − 600.00 (credited) = −1,600.00.
    assert report.receivables == Decimal("400.00")
    assert [s.sales for s in report.count_back.total.steps] == [
        Decimal("-1600.00"),
        Decimal("400.00"),
    ]
    # Count-back: March has no positive sales: 15 days, nothing absorbed;
    # February: 400 / 400 × 28 = 28 days → 43.0 days.
    # (Were the cancellation not folded: 1,400 owed, −600 in March → 15 + 28 + 1,000/1,600 × 31.)
    assert report.count_back.dso == Decimal("43.0")
    # Simple: 400 / (1,600 + 400 − 1,600) × 74 days (1 Jan – 15 Mar) = 74.0 days.
    assert report.simple.dso == Decimal("74.0")


def test_cei_of_the_month_of_a_cancellation_counts_only_money_collected() -> None:
    month = cei(book_of(HISTORY), "CNY", 2026, 3)

    # Opening AR (28 Feb) 2,000.00; credit sales −1,600.00; closing total and current AR 0.
    # (2,000 − 1,600 − 0) / (2,000 − 1,600 − 0) = 400 / 400: the 400 paid on I3 was all of it.
    # (Unfolded, the cancelled 1,000 would stay open: 400 / 1,400 = 28.57 %.)
    assert (month.opening, month.sales) == (Decimal("2000.00"), Decimal("-1600.00"))
    assert (month.closing_total, month.closing_current) == (Decimal(0), Decimal(0))
    assert month.index.percent == Decimal("100.00")
