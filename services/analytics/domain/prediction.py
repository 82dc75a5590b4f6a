"""Recovery prediction: how likely a debtor's overdue money comes in, from the tenant's own
history — the examples a model learns from, the debtors it scores, and the fallback table.

An **example** is an invoice on the day it was first ``OBSERVE_AT`` days past due (open),
labelled *recovered* when it was paid (or credited) in full within ``HORIZON_DAYS`` after
that day; an invoice whose horizon has not passed by ``as_of`` is not yet an example. A
**debtor scored** is a debtor with money overdue ``as_of``, described by its oldest overdue
invoice. The features (``FEATURES``), each as of the day it describes:

- ``days_past_due``: of the invoice (the debtor's oldest overdue one);
- ``log_amount``: natural log of 1 + the debtor's overdue amount in that invoice's currency;
- ``broken_promises``: the debtor's promises broken so far;
- ``dunning_steps``: dunning levels the debtor reached so far;
- ``paid_late_share``: of the debtor's invoices settled so far, the share settled after due.

With too little history (fewer than ``MIN_EXAMPLES`` examples, or fewer than
``MIN_PER_CLASS`` of either label) there is no model: each debtor gets the historical
recovery rate of its aging bucket (``rate_table``), and the answer says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from services.analytics.domain.aging import BUCKETS, bucket_of
from services.analytics.domain.book import Book, InvoiceFacts
from services.analytics.domain.figures import Ratio
from services.analytics.domain.ledger import (
    CREDITS,
    ZERO,
    adjusted_in,
    adjustments,
    paid_in,
    position,
)

OBSERVE_AT = 30
HORIZON_DAYS = 90
MIN_EXAMPLES = 200
MIN_PER_CLASS = 20
FEATURES = ("days_past_due", "log_amount", "broken_promises", "dunning_steps", "paid_late_share")


@dataclass(frozen=True)
class Example:
    features: tuple[float, ...]
    recovered: bool
    bucket: str


@dataclass(frozen=True)
class Subject:
    """A debtor to score: its features and its oldest overdue invoice's bucket."""

    customer_id: str
    currency: str
    overdue: Decimal
    days_past_due: int
    bucket: str
    features: tuple[float, ...]


def _settled_on(facts: InvoiceFacts) -> dt.date | None:
    """The first day on which payments and credits covered the invoice."""
    issued = facts.issued
    assert issued is not None
    days = sorted(
        {p.value_date for p in facts.payments} | {a.effective_on for a in adjustments(facts)}
    )
    for day in days:
        covered = paid_in(facts, None, day) + adjusted_in(facts, CREDITS, None, day)
        if covered >= issued.amount.amount:
            return day
    return None


@dataclass
class _Debtors:
    """Per debtor, what the features need: broken promises, steps, settled invoices."""

    book: Book

    def __post_init__(self) -> None:
        self.broken: dict[str, list[dt.date]] = {}
        for promise in self.book.promises.values():
            for outcome in self.book.promise_outcomes.get(promise.promise_id, []):
                if outcome.outcome == "broken":
                    self.broken.setdefault(promise.customer_id, []).append(outcome.on)
        self.steps: dict[str, list[dt.date]] = {}
        for step in self.book.steps:
            self.steps.setdefault(step.customer_id, []).append(step.taken_on)
        self.settled: dict[str, list[tuple[dt.date, bool]]] = {}
        for facts in self.book.issued():
            assert facts.issued is not None
            day = _settled_on(facts)
            if day is not None:
                late = day > facts.issued.due_date
                self.settled.setdefault(facts.issued.customer_id, []).append((day, late))

    def features(
        self, customer_id: str, dpd: int, amount: Decimal, on: dt.date
    ) -> tuple[float, ...]:
        settled = [late for day, late in self.settled.get(customer_id, []) if day < on]
        return (
            float(dpd),
            math.log1p(float(amount)),
            float(sum(1 for d in self.broken.get(customer_id, []) if d <= on)),
            float(sum(1 for d in self.steps.get(customer_id, []) if d <= on)),
            sum(settled) / len(settled) if settled else 0.0,
        )


def examples(book: Book, as_of: dt.date) -> list[Example]:
    """Every invoice observed ``OBSERVE_AT`` days past due whose horizon ended by ``as_of``."""
    debtors, out = _Debtors(book), []
    for facts in book.issued():
        issued = facts.issued
        assert issued is not None
        observed = issued.due_date + dt.timedelta(days=OBSERVE_AT)
        if observed + dt.timedelta(days=HORIZON_DAYS) > as_of:
            continue
        at = position(facts, observed)
        if at is None or not at.is_open or at.days_past_due != OBSERVE_AT:
            continue
        settled = _settled_on(facts)
        recovered = settled is not None and settled <= observed + dt.timedelta(days=HORIZON_DAYS)
        row = debtors.features(issued.customer_id, OBSERVE_AT, at.outstanding, observed)
        out.append(Example(row, recovered, bucket_of(OBSERVE_AT)))
    return out


def subjects(book: Book, as_of: dt.date) -> list[Subject]:
    """Every debtor with money overdue ``as_of``, by its oldest overdue invoice."""
    debtors = _Debtors(book)
    oldest: dict[str, tuple[int, str]] = {}
    owed: dict[tuple[str, str], Decimal] = {}
    for facts in book.issued():
        at = position(facts, as_of)
        if at is None or not at.is_overdue:
            continue
        customer = at.invoice.customer_id
        owed[(customer, at.currency)] = owed.get((customer, at.currency), ZERO) + at.outstanding
        if customer not in oldest or at.days_past_due > oldest[customer][0]:
            oldest[customer] = (at.days_past_due, at.currency)
    out = []
    for customer in sorted(oldest):
        dpd, currency = oldest[customer]
        amount = owed[(customer, currency)]
        out.append(Subject(customer, currency, amount, dpd, bucket_of(dpd),
                           debtors.features(customer, dpd, amount, as_of)))  # fmt: skip
    return out


def rate_table(book: Book, as_of: dt.date) -> dict[str, Ratio]:
    """Historical recovery by aging bucket: of the invoices seen open in a bucket (looked at
    every 30 days from the day after due, up to ``as_of`` minus ``HORIZON_DAYS``), the share
    settled within the horizon after the first day seen there."""
    counts = {b: [0, 0] for b in BUCKETS}
    last = as_of - dt.timedelta(days=HORIZON_DAYS)
    for facts in book.issued():
        settled = _settled_on(facts)
        seen: set[str] = set()
        assert facts.issued is not None
        day = facts.issued.due_date + dt.timedelta(days=1)
        while day <= last:
            at = position(facts, day)
            if at is None or not at.is_open:
                break
            bucket = bucket_of(at.days_past_due)
            if bucket not in seen:
                seen.add(bucket)
                counts[bucket][1] += 1
                if settled is not None and settled <= day + dt.timedelta(days=HORIZON_DAYS):
                    counts[bucket][0] += 1
            day += dt.timedelta(days=30)
    return {b: Ratio.of(n, d) for b, (n, d) in counts.items() if b != "not_due"}


def enough(found: list[Example]) -> bool:
    positives = sum(1 for e in found if e.recovered)
    return len(found) >= MIN_EXAMPLES and min(positives, len(found) - positives) >= MIN_PER_CLASS


@dataclass(frozen=True)
class LogisticModel:
    """P(recovered) = 1 / (1 + e^-(b + Σ wᵢ·zᵢ)), zᵢ = (xᵢ − meanᵢ) / scaleᵢ: each weight is
    the change in log-odds for one standard deviation of its feature."""

    intercept: float
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]

    def contributions(self, features: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(
            w * (x - m) / (s or 1.0)
            for w, x, m, s in zip(self.weights, features, self.means, self.scales, strict=True)
        )

    def probability(self, features: tuple[float, ...]) -> float:
        return 1.0 / (1.0 + math.exp(-(self.intercept + sum(self.contributions(features)))))
