"""经营状况调查表: what is known of the customer's business, entry by entry, with source and date.

Entries are kept, never overwritten: the latest of a topic (by the date it refers to) is
the current one, the rest is the history the credit file shows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.basic import UserName
from services.customers.domain.credit.text import CompanyName, FreeText, Line
from shared.contracts.money import Money, PositiveMoney


class EnteredBy(Frozen):
    """Typed in by a collector or credit analyst."""

    kind: Literal["person"] = "person"
    user: UserName


class ImportedFrom(Frozen):
    """Imported from a system (the ERP, a credit bureau) with its reference."""

    kind: Literal["import"] = "import"
    system: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
    reference: Annotated[str, StringConstraints(max_length=64)] = ""


Source = Annotated[EnteredBy | ImportedFrom, Field(discriminator="kind")]


class Scale(Frozen):
    topic: Literal["scale"] = "scale"
    employees: int | None = Field(default=None, ge=0)
    annual_revenue: Money | None = None
    size_class: Literal["micro", "small", "medium", "large"] | None = None  # 大中小微


class Founded(Frozen):
    topic: Literal["founded"] = "founded"
    established_on: dt.date


class Industry(Frozen):
    topic: Literal["industry"] = "industry"
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{0,4}$")]  # GB/T 4754, e.g. C39
    label: Line


class BankReference(Frozen):
    topic: Literal["bank_reference"] = "bank_reference"
    bank: Line
    opinion: Literal["good", "satisfactory", "poor"]


class TradeReference(Frozen):
    topic: Literal["trade_reference"] = "trade_reference"
    supplier: CompanyName
    payment_habit: Literal["prompt", "slow", "delinquent"]
    credit_granted: PositiveMoney | None = None


class Financials(Frozen):
    """Figures of one financial period, all in one currency."""

    topic: Literal["financials"] = "financials"
    period_end: dt.date
    audited: bool = False
    revenue: Money
    net_profit: Money
    current_assets: Money
    current_liabilities: Money
    total_assets: Money
    total_liabilities: Money

    @model_validator(mode="after")
    def _one_currency(self) -> Financials:
        figures = (self.revenue, self.net_profit, self.current_assets, self.current_liabilities)
        if len({m.currency for m in (*figures, self.total_assets, self.total_liabilities)}) > 1:
            raise ValueError("a period's financial figures are in one currency")
        return self

    @property
    def current_ratio(self) -> Decimal | None:
        liabilities = self.current_liabilities.amount
        return None if liabilities <= 0 else self.current_assets.amount / liabilities


Finding = Annotated[
    Scale | Founded | Industry | BankReference | TradeReference | Financials,
    Field(discriminator="topic"),
]


class SurveyEntry(Frozen):
    """One finding, the day it refers to (``as_of``), who gave it, and a note."""

    entry_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
    as_of: dt.date
    source: Source
    finding: Finding
    note: FreeText | None = None


class BusinessSurvey(Frozen):
    """Every survey entry of a customer, in the order they were recorded."""

    entries: tuple[SurveyEntry, ...] = ()

    def add(self, entry: SurveyEntry) -> BusinessSurvey:
        """The survey with ``entry``; the same entry id again changes nothing."""
        if any(e.entry_id == entry.entry_id for e in self.entries):
            return self
        return BusinessSurvey(entries=(*self.entries, entry))

    def current(self, topic: str, on: dt.date) -> SurveyEntry | None:
        """The latest entry of ``topic`` known on ``on``."""
        known = [(e.as_of, i) for i, e in enumerate(self.entries) if e.finding.topic == topic]
        latest = max((k for k in known if k[0] <= on), default=None)
        return None if latest is None else self.entries[latest[1]]

    def all_of(self, topic: str, on: dt.date) -> tuple[SurveyEntry, ...]:
        return tuple(e for e in self.entries if e.finding.topic == topic and e.as_of <= on)
