"""Days sales outstanding by the simple and the count-back method, best possible DSO, and
average days delinquent, per currency as of a date.

BPDSO follows the same method as its DSO with the receivables not yet due in place of all
receivables; ADD = DSO − BPDSO, taken between the two rounded figures so a report adds up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain.book import Book
from services.analytics.domain.figures import Period, days, divide, months_back
from services.analytics.domain.ledger import CREDITS, ZERO, Receivables, adjustments, receivables

SIMPLE_MONTHS = 3
LOOKBACK_MONTHS = 24


class MonthSales(BaseModel):
    model_config = ConfigDict(frozen=True)

    period: Period
    sales: Decimal


class CountBackStep(BaseModel):
    """One month the balance was counted back through, and the days it contributed."""

    model_config = ConfigDict(frozen=True)

    period: Period
    sales: Decimal
    days: Decimal


class CountBack(BaseModel):
    """``days`` is None when the look-back's sales never covered the balance (``complete``
    False): the true figure is longer than the history counted."""

    model_config = ConfigDict(frozen=True)

    balance: Decimal
    steps: tuple[CountBackStep, ...]
    complete: bool
    days: Decimal | None


def count_back(balance: Decimal, months: list[MonthSales]) -> CountBack:
    """Count the balance back through monthly sales, newest month first: a month whose sales
    the balance exceeds adds all its days and absorbs its sales; the month that exhausts the
    balance adds balance left / its sales × its days. A month with no positive net sales adds
    its days and absorbs nothing."""
    if balance <= 0:
        return CountBack(balance=balance, steps=(), complete=True, days=Decimal(0))
    remaining, steps = balance, []
    for month in months:
        full = Decimal(month.period.days)
        if month.sales <= 0 or remaining > month.sales:
            steps.append(CountBackStep(period=month.period, sales=month.sales, days=full))
            remaining -= max(month.sales, ZERO)
            continue
        share = divide(remaining, month.sales)
        assert share is not None
        steps.append(CountBackStep(period=month.period, sales=month.sales, days=share * full))
        total = sum((s.days for s in steps), ZERO)
        return CountBack(balance=balance, steps=tuple(steps), complete=True, days=days(total))
    return CountBack(balance=balance, steps=tuple(steps), complete=False, days=None)


class Dso(BaseModel):
    """One method's figures: DSO, BPDSO and ADD in days (None: no data)."""

    model_config = ConfigDict(frozen=True)

    dso: Decimal | None
    bpdso: Decimal | None

    @property
    def add(self) -> Decimal | None:
        if self.dso is None or self.bpdso is None:
            return None
        return self.dso - self.bpdso


class SimpleDso(Dso):
    """(receivables / credit sales of the period) × days of the period."""

    period: Period
    sales: Decimal


class CountBackDso(Dso):
    total: CountBack
    current: CountBack


class DsoReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: dt.date
    currency: str
    receivables: Decimal
    current: Decimal
    simple: SimpleDso
    count_back: CountBackDso


def monthly_sales(book: Book, currency: str, as_of: dt.date, count: int) -> list[MonthSales]:
    """Net sales (``ledger.net_sales``) of each of the ``count`` months up to ``as_of``, in
    one pass over the book: issues add to their issue month, credits take from theirs."""
    months = months_back(as_of, count)
    first, last = months[-1].start, months[0].end
    index = {(m.start.year, m.start.month): i for i, m in enumerate(months)}
    sales = [ZERO] * len(months)
    for facts in book.issued():
        issued = facts.issued
        assert issued is not None
        if issued.amount.currency != currency:
            continue
        if first <= issued.issue_date <= last:
            sales[index[(issued.issue_date.year, issued.issue_date.month)]] += issued.amount.amount
        for a in adjustments(facts):
            if a.reason in CREDITS and first <= a.effective_on <= last:
                sales[index[(a.effective_on.year, a.effective_on.month)]] -= a.amount.amount
    return [MonthSales(period=m, sales=total) for m, total in zip(months, sales, strict=True)]


def simple_dso(balances: Receivables, period: Period, sales: Decimal) -> SimpleDso:
    def figure(balance: Decimal) -> Decimal | None:
        share = divide(balance, sales) if sales > 0 else None
        return None if share is None else days(share * period.days)

    return SimpleDso(
        period=period, sales=sales, dso=figure(balances.total), bpdso=figure(balances.current)
    )


def dso(
    book: Book,
    as_of: dt.date,
    currency: str,
    simple_months: int = SIMPLE_MONTHS,
    lookback_months: int = LOOKBACK_MONTHS,
) -> DsoReport:
    """DSO as of a date. The simple method's period is the last ``simple_months`` calendar
    months up to ``as_of``; count-back walks back at most ``lookback_months`` months."""
    balances = receivables(book, as_of).get(currency, Receivables())
    months = monthly_sales(book, currency, as_of, max(simple_months, lookback_months))
    recent = months[:simple_months]
    period = Period(start=recent[-1].period.start, end=as_of)
    simple = simple_dso(balances, period, sum((m.sales for m in recent), ZERO))
    back = months[:lookback_months]
    total, current = count_back(balances.total, back), count_back(balances.current, back)
    return DsoReport(
        as_of=as_of,
        currency=currency,
        receivables=balances.total,
        current=balances.current,
        simple=simple,
        count_back=CountBackDso(total=total, current=current, dso=total.days, bpdso=current.days),
    )
