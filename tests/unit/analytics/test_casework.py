"""Promise kept rate, plan completion rate, dispute rate and time to resolve, collectors."""

from __future__ import annotations

from decimal import Decimal

from services.analytics.domain import (
    Book,
    Period,
    collector_activity,
    disputes,
    plan_completion_rate,
    promise_kept_rate,
)
from tests.unit.analytics.given import (
    assign,
    d,
    dispute,
    issue,
    pay,
    plan,
    plan_end,
    promise,
    promise_outcome,
    resolve,
)

MARCH = Period.month(2026, 3)

# Promises due in March, seen on 10 April:
#   P1 li    due  5 Mar, kept 5 Mar
#   P2 li    due 15 Mar, broken 18 Mar
#   P3 wang  due 28 Mar, kept 27 Mar
#   P4 wang  due 31 Mar, no outcome yet              → pending
#   P6 wang  due 20 Mar, broken only on 12 April     → pending as of 10 April
#   P5 li    due  5 Apr                              → not due in March
PROMISES = [
    promise("P1", d(2026, 3, 1), d(2026, 3, 5), "li"),
    promise("P2", d(2026, 3, 2), d(2026, 3, 15), "li"),
    promise("P3", d(2026, 3, 20), d(2026, 3, 28), "wang"),
    promise("P4", d(2026, 3, 25), d(2026, 3, 31), "wang"),
    promise("P5", d(2026, 3, 25), d(2026, 4, 5), "li"),
    promise("P6", d(2026, 3, 10), d(2026, 3, 20), "wang"),
    promise_outcome("P1", "kept", d(2026, 3, 5)),
    promise_outcome("P2", "broken", d(2026, 3, 18)),
    promise_outcome("P3", "kept", d(2026, 3, 27)),
    promise_outcome("P6", "broken", d(2026, 4, 12)),
]


def test_promise_kept_rate_counts_kept_over_kept_and_broken_leaving_pending_out() -> None:
    table = promise_kept_rate(Book.of(PROMISES), MARCH, d(2026, 4, 10))

    (total,) = table.rows
    # kept P1, P3 = 2; broken P2 = 1; pending P4, P6 = 2 → 2 / 3 = 66.67 %
    assert (total.succeeded, total.failed, total.pending) == (2, 1, 2)
    assert total.rate.percent == Decimal("66.67")


def test_promise_kept_rate_per_collector() -> None:
    table = promise_kept_rate(Book.of(PROMISES), MARCH, d(2026, 4, 10), "collector")

    li, wang = table.row("li"), table.row("wang")
    assert li is not None and wang is not None
    assert li.rate.percent == Decimal("50.00")  # 1 / (1 + 1)
    assert (wang.succeeded, wang.failed, wang.pending) == (1, 0, 2)
    assert wang.rate.percent == Decimal("100.00")  # 1 / (1 + 0)


def test_plan_completion_rate_follows_the_plans_agreed_in_the_period() -> None:
    # Agreed in Q1: L1 (li) completed, L2 (li) broken, L3 (wang) still running. L4 is April's.
    book = Book.of(
        [
            plan("L1", d(2026, 1, 10), "li"),
            plan("L2", d(2026, 2, 1), "li"),
            plan("L3", d(2026, 3, 3), "wang"),
            plan("L4", d(2026, 4, 2), "wang"),
            plan_end("L1", "completed", d(2026, 4, 30)),
            plan_end("L2", "broken", d(2026, 5, 1)),
        ]
    )
    quarter = Period(start=d(2026, 1, 1), end=d(2026, 3, 31))

    (total,) = plan_completion_rate(book, quarter, d(2026, 6, 30)).rows
    assert total.rate.percent == Decimal("50.00")  # 1 / (1 + 1), L3 pending
    wang = plan_completion_rate(book, quarter, d(2026, 6, 30), "collector").row("wang")
    assert wang is not None and wang.rate.percent is None  # nothing finished yet: no data


# Invoices issued in March: A 1,000, B 3,000, C 6,000 (CNY), D 500 USD; E 2,000 from February.
#   B disputed 10 Mar, resolved 20 Mar (10 days); disputed again 5 Apr, resolved 5 May.
#   D disputed 25 Mar, still open.
#   E disputed 20 Feb, resolved 14 Mar (22 days).
DISPUTES = [
    issue("A", 1000, d(2026, 3, 2), d(2026, 4, 1)),
    issue("B", 3000, d(2026, 3, 3), d(2026, 4, 2)),
    issue("C", 6000, d(2026, 3, 4), d(2026, 4, 3)),
    issue("D", 500, d(2026, 3, 5), d(2026, 4, 4), currency="USD"),
    issue("E", 2000, d(2026, 2, 5), d(2026, 3, 7)),
    dispute("B", d(2026, 3, 10)),
    resolve("B", d(2026, 3, 20), by="wang"),
    dispute("B", d(2026, 4, 5)),
    resolve("B", d(2026, 5, 5)),
    dispute("D", d(2026, 3, 25)),
    dispute("E", d(2026, 2, 20)),
    resolve("E", d(2026, 3, 14), by=None),
]


def test_dispute_rate_and_time_to_resolve() -> None:
    report = disputes(Book.of(DISPUTES), MARCH, d(2026, 4, 30))

    # Rate: B and D of the four March invoices → 2 / 4 = 50.00 %
    assert (report.disputed, report.issued, report.rate.percent) == (2, 4, Decimal("50.00"))
    # By amount: CNY 3,000 / 10,000 = 30.00 %; USD 500 / 500 = 100.00 %
    assert [(a.currency, a.rate.percent) for a in report.amounts] == [
        ("CNY", Decimal("30.00")),
        ("USD", Decimal("100.00")),
    ]
    # Resolved in March: B after 10 days, E after 22 → mean 16.0, median 16.0
    assert (report.resolved, report.mean_days_to_resolve) == (2, Decimal("16.0"))
    assert report.median_days_to_resolve == Decimal("16.0")
    # Open on 30 April: D for 36 days, B's second dispute for 25 → mean 30.5
    assert (report.open, report.mean_open_age) == (2, Decimal("30.5"))


def test_collector_activity_and_results_over_a_month() -> None:
    # C-1 is li's; C-2 was wang's until li took it over on 15 March.
    book = Book.of(
        [
            *PROMISES[:3],
            *PROMISES[6:9],
            plan("L1", d(2026, 3, 3), "li"),
            *DISPUTES[:7],
            assign("C-1", "collector", "li", d(2026, 1, 1)),
            assign("C-2", "collector", "wang", d(2026, 1, 1)),
            assign("C-2", "collector", "li", d(2026, 3, 15)),
            issue("K1", 1000, d(2026, 2, 1), d(2026, 3, 1), customer="C-1"),
            issue("K2", 3000, d(2026, 2, 1), d(2026, 3, 1), customer="C-2"),
            pay("K1", 1000, d(2026, 3, 10)),
            pay("K2", 2000, d(2026, 3, 10)),
            pay("K2", 500, d(2026, 3, 20)),
            pay("K2", 500, d(2026, 4, 2)),
        ]
    )

    rows = {r.collector: r for r in collector_activity(book, MARCH, d(2026, 4, 30))}

    li, wang = rows["li"], rows["wang"]
    # li took P1 and P2 (one kept, one broken) and agreed L1; collected K1 1,000 + K2 500.
    assert (li.promises_taken, li.plans_agreed, li.disputes_resolved) == (2, 1, 0)
    assert li.kept_rate.percent == Decimal("50.00")
    assert [(c.currency, c.amount) for c in li.collected] == [("CNY", Decimal(1500))]
    # wang took P3 (kept), resolved B's dispute, and collected K2's 2,000 before 15 March.
    assert (wang.promises_taken, wang.plans_agreed, wang.disputes_resolved) == (1, 0, 1)
    assert wang.kept_rate.percent == Decimal("100.00")
    assert [(c.currency, c.amount) for c in wang.collected] == [("CNY", Decimal(2000))]
