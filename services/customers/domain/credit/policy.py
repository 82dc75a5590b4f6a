"""Credit policy by grade: limit, payment terms, prepayment, days overdue before a hold.

A policy is a versioned YAML document validated by these models. Each grade (and the
``unrated`` customer, who has no grade yet) has terms; an admin may set per-customer
exceptions for a time. Gradual shipment control follows from the terms: normal
trading, prepayment (预付款或预付保证金) on orders above an amount, or every order held.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from services.customers.domain.credit.base import Frozen, VersionedDocument
from services.customers.domain.credit.basic import UserName
from services.customers.domain.credit.errors import CurrencyNotInPolicy, LimitInOtherCurrency
from services.customers.domain.credit.scorecard import GRADES, Grade
from services.customers.domain.credit.text import FreeText
from shared.contracts.money import Currency, Money

NonNegative = Annotated[Decimal, Field(ge=0)]
Percent = Annotated[int, Field(ge=0, le=100)]


class Terms(Frozen):
    """The terms of one grade. ``prepayment_above``: the order amount from which the
    prepayment applies (a currency not named: every order); ``max_days_overdue``: the
    oldest overdue invoice may be this many days past due before orders are held."""

    credit_limit: dict[Currency, NonNegative] = Field(min_length=1)
    payment_terms_days: int = Field(ge=0, le=365)
    prepayment_percent: Percent = 0
    prepayment_above: dict[Currency, NonNegative] = Field(default_factory=dict)
    max_days_overdue: int | None = Field(default=None, ge=0)
    hold_all: bool = False


class CreditPolicy(VersionedDocument):
    """A versioned credit policy; ``second_admin_above``: a limit increase larger than this
    (per currency) waits for a second, different admin."""

    grades: dict[Grade, Terms]
    unrated: Terms
    over_limit: Literal["prepay_excess", "hold"] = "prepay_excess"
    second_admin_above: dict[Currency, NonNegative]

    @model_validator(mode="after")
    def _every_grade_in_every_currency(self) -> CreditPolicy:
        missing = [g for g in GRADES if g not in self.grades]
        if missing:
            raise ValueError(f"terms missing for grade {', '.join(missing)}")
        currencies = set(self.second_admin_above)
        for name, terms in [*self.grades.items(), ("unrated", self.unrated)]:
            if set(terms.credit_limit) != currencies:
                raise ValueError(
                    f"{name}: credit_limit names {sorted(terms.credit_limit)}, the policy "
                    f"{sorted(currencies)} (second_admin_above): name the same currencies"
                )
        return self

    def terms(self, grade: Grade | None) -> Terms:
        return self.unrated if grade is None else self.grades[grade]


class CustomerException(Frozen):
    """An admin's exception to the grade's terms for one customer, for a reason, for a time.
    A limit in it has passed the two-person rule when it needed to (``approval``)."""

    credit_limit: Money | None = None
    payment_terms_days: int | None = Field(default=None, ge=0, le=365)
    prepayment_percent: Percent | None = None
    max_days_overdue: int | None = Field(default=None, ge=0)
    reason: FreeText
    set_by: UserName
    set_on: dt.date
    expires_on: dt.date | None = None

    def stands_on(self, day: dt.date) -> bool:
        return self.set_on <= day and (self.expires_on is None or day < self.expires_on)


class EffectiveTerms(Frozen):
    """The terms that apply to one customer on one day, and where they come from."""

    grade: Grade | None
    policy_version: str
    credit_limit: Money
    payment_terms_days: int
    prepayment_percent: int
    prepayment_above: Money | None
    max_days_overdue: int | None
    hold_all: bool
    over_limit: Literal["prepay_excess", "hold"]
    exception: CustomerException | None = None


def terms_for(
    policy: CreditPolicy,
    grade: Grade | None,
    currency: str,
    day: dt.date,
    exception: CustomerException | None = None,
) -> EffectiveTerms:
    """The grade's terms in the customer's currency, with the exception while it stands."""
    base = policy.terms(grade)
    if currency not in base.credit_limit:
        raise CurrencyNotInPolicy(f"credit policy {policy.version} names no limit in {currency}")
    above = base.prepayment_above.get(currency)
    terms = EffectiveTerms(
        grade=grade,
        policy_version=policy.version,
        credit_limit=Money(amount=base.credit_limit[currency], currency=currency),
        payment_terms_days=base.payment_terms_days,
        prepayment_percent=base.prepayment_percent,
        prepayment_above=None if above is None else Money(amount=above, currency=currency),
        max_days_overdue=base.max_days_overdue,
        hold_all=base.hold_all,
        over_limit=policy.over_limit,
    )
    if exception is None or not exception.stands_on(day):
        return terms
    limit = exception.credit_limit
    if limit is not None and limit.currency != currency:
        raise LimitInOtherCurrency(f"the exception's limit is in {limit.currency}, not {currency}")
    changes = {name: getattr(exception, name) for name in _EXCEPTED}
    changes = {name: value for name, value in changes.items() if value is not None}
    return terms.model_copy(update={**changes, "exception": exception})


_EXCEPTED = ("credit_limit", "payment_terms_days", "prepayment_percent", "max_days_overdue")
