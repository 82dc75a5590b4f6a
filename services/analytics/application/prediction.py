"""The recovery prediction report: a logistic model fitted on the tenant's own history when
there is enough of it, else the historical rate of each debtor's aging bucket; the factors
behind every probability are shown (docs/metrics.md, "Recovery prediction")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.analytics.domain import prediction as p
from services.analytics.domain.book import Book
from services.analytics.domain.figures import Ratio
from services.analytics.domain.tables import Sheet

Fit = Callable[[list[p.Example]], p.LogisticModel]
PLACES = Decimal("0.0001")


class Scored(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    currency: str
    overdue: Decimal
    days_past_due: int
    bucket: str
    probability: Decimal | None  # None: no model and no history for the bucket
    factors: dict[str, Decimal]  # log-odds each feature adds (model), or the bucket's rate


class Prediction(BaseModel):
    model_config = ConfigDict(frozen=True)

    as_of: dt.date
    method: Literal["logistic", "bucket_rates"]
    examples: int
    recovered: int
    horizon_days: int
    observed_at_days_past_due: int
    features: tuple[str, ...]
    weights: dict[str, Decimal]  # per standard deviation, log-odds (logistic only)
    bucket_rates: dict[str, Ratio]
    debtors: tuple[Scored, ...]


def _d(value: float) -> Decimal:
    return Decimal(str(value)).quantize(PLACES)


def predict(book: Book, as_of: dt.date, fit: Fit) -> Prediction:
    found = p.examples(book, as_of)
    table = p.rate_table(book, as_of)
    model = fit(found) if p.enough(found) else None
    rows = []
    for s in p.subjects(book, as_of):
        if model is not None:
            factors = dict(zip(p.FEATURES, map(_d, model.contributions(s.features)), strict=True))
            probability: Decimal | None = _d(model.probability(s.features))
        else:
            rate = table.get(s.bucket)
            share = rate.percent if rate is not None else None
            probability = None if share is None else (share / 100).quantize(PLACES)
            factors = {f"bucket {s.bucket}": probability} if probability is not None else {}
        rows.append(
            Scored(
                customer_id=s.customer_id,
                currency=s.currency,
                overdue=s.overdue,
                days_past_due=s.days_past_due,
                bucket=s.bucket,
                probability=probability,
                factors=factors,
            )
        )
    return Prediction(
        as_of=as_of,
        method="logistic" if model else "bucket_rates",
        examples=len(found),
        recovered=sum(1 for e in found if e.recovered),
        horizon_days=p.HORIZON_DAYS,
        observed_at_days_past_due=p.OBSERVE_AT,
        features=p.FEATURES,
        weights=dict(zip(p.FEATURES, map(_d, model.weights), strict=True)) if model else {},
        bucket_rates=table,
        debtors=tuple(sorted(rows, key=_rank)),
    )


def _rank(row: Scored) -> tuple[Decimal, str]:
    """Most money likely to come in first (probability × overdue), then by id."""
    return (-(row.probability or Decimal(0)) * row.overdue, row.customer_id)


def prediction_sheet(report: Prediction) -> Sheet:
    header = (
        "customer",
        "currency",
        "overdue",
        "days_past_due",
        "bucket",
        "probability",
        "method",
        *report.features,
        "as_of",
    )
    rows = tuple(
        (
            r.customer_id,
            r.currency,
            r.overdue,
            r.days_past_due,
            r.bucket,
            r.probability,
            report.method,
            *(r.factors.get(f) for f in report.features),
            report.as_of,
        )
        for r in report.debtors
    )
    return Sheet(name="recovery-prediction", header=header, rows=rows)
