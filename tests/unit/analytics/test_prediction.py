"""Recovery prediction: the historical rate of a debtor's bucket when history is thin, a
logistic model with its factors when there is enough of it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.analytics.adapters.logistic import fit_logistic
from services.analytics.application.prediction import predict
from services.analytics.domain import Book
from services.analytics.domain.prediction import examples, rate_table
from tests.unit.analytics.given import d, issue, pay

AS_OF = d(2026, 12, 31)  # horizons ending by then: looked at up to 2 October


def test_with_thin_history_each_debtor_gets_its_buckets_historical_rate() -> None:
    # Looked at every 30 days from the day after due (2 Jan, 1 Feb, 3 Mar, 2 Apr, …):
    #   A (paid 15 Feb): open in 1–30 and 31–60, settled within 90 days of both → 1/1, 1/1
    #   B (never paid):  1–30, 31–60, 61–90, 91–180, 181–365, never settled → 0/1 each
    #   C (paid 10 Jan): open in 1–30 only, settled within 90 days → 1/1
    # so 1–30: 2/3, 31–60: 1/2, 61–90 … 181–365: 0/1, over 365: no data.
    due = d(2026, 1, 1)
    book = Book.of(
        [
            issue("A", "100.00", d(2025, 12, 1), due, customer="C-A"),
            pay("A", "100.00", d(2026, 2, 15)),
            issue("B", "800.00", d(2025, 12, 1), due, customer="C-B"),
            issue("C", "50.00", d(2025, 12, 1), due, customer="C-C"),
            pay("C", "50.00", d(2026, 1, 10)),
            issue("D", "300.00", d(2026, 11, 1), d(2026, 12, 1), customer="C-D"),  # 30 days late
        ]
    )
    table = rate_table(book, AS_OF)
    assert {b: (r.numerator, r.denominator) for b, r in table.items()} == {
        "1-30": (2, 3),
        "31-60": (1, 2),
        "61-90": (0, 1),
        "91-180": (0, 1),
        "181-365": (0, 1),
        "over_365": (0, 0),
    }

    report = predict(book, AS_OF, fit_logistic)

    assert (report.method, report.examples) == ("bucket_rates", 2)  # A and B seen at 30 dpd
    assert [(r.customer_id, r.bucket, r.probability) for r in report.debtors] == [
        ("C-D", "1-30", Decimal("0.6667")),  # ranked by expected money: 0.6667 × 300
        ("C-B", "181-365", Decimal("0.0000")),
    ]
    assert report.debtors[0].factors == {"bucket 1-30": Decimal("0.6667")}


def history(n: int) -> Book:
    """n invoices due a day apart, each open at 30 days past due; the small ones (under
    1,000, and every tenth) are paid at 45 days past due, the others never."""
    facts = []
    for i in range(n):
        due = d(2024, 1, 1) + dt.timedelta(days=i)
        amount = 200 + (i * 97) % 5000
        facts.append(
            issue(f"I{i}", f"{amount}.00", due - dt.timedelta(days=30), due, customer=f"C-{i}")
        )
        if amount < 1000 or i % 10 == 0:
            facts.append(pay(f"I{i}", f"{amount}.00", due + dt.timedelta(days=45)))
    return Book.of(facts)


def test_with_enough_history_a_logistic_model_ranks_and_shows_its_factors() -> None:
    book = history(400)
    small, large = "200.00", "4900.00"
    for customer, amount in (("S", small), ("L", large)):
        book.record(
            issue(f"N-{customer}", amount, d(2026, 10, 1), d(2026, 12, 1), customer=f"C-{customer}")
        )

    found = examples(book, AS_OF)
    report = predict(book, AS_OF, fit_logistic)

    assert len(found) == 400 and report.method == "logistic"
    assert report.recovered == sum(1 for e in found if e.recovered)
    assert report.weights["log_amount"] < 0  # larger debts come in less often
    scored = {r.customer_id: r for r in report.debtors}
    assert scored["C-S"].probability > scored["C-L"].probability  # type: ignore[operator]
    assert set(scored["C-S"].factors) == {
        "days_past_due",
        "log_amount",
        "broken_promises",
        "dunning_steps",
        "paid_late_share",
    }
    assert scored["C-S"].factors["log_amount"] > 0 > scored["C-L"].factors["log_amount"]
