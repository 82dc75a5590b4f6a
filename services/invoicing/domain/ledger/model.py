"""The values a customer account is made of: open items, credit sources, allocations.

Debit items are what the customer owes: invoices and charges (debit notes, fees, late
interest, fixed compensation). Credit sources are what stands to the customer's credit:
payments received and credit notes. An allocation matches part of a source (or a
write-off, a waiver, a cancellation) to one debit item; an item's open amount is its
amount less its active allocations, a source's unapplied amount is its amount less its
active allocations and refunds. A reversal never deletes an allocation: it marks it
reversed on a date, so the account can be shown as it stood on any earlier day.

Amounts inside the account are Decimals in the item's ``currency``; commands and facts
carry ``Money``. Every amount is already at the currency's minor unit.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.invoicing.domain.ledger.rates import Category, ContractInterest, Quote
from services.invoicing.domain.ledger.terms import EarlyDiscount, PaymentTerms
from shared.contracts.customers import Jurisdiction
from shared.contracts.money import Amount, Money, minor_units

# Document ids end up in Redis keys and URLs; bank references also use ':' and '/'.
DocumentId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
ItemKind = Literal["invoice", "debit_note", "fee", "interest", "compensation"]
ChargeKind = Literal["debit_note", "fee", "compensation"]
SourceKind = Literal["payment", "credit_note"]
SettlementKind = Literal["payment", "credit_note", "write_off", "waiver", "cancellation"]
CreditCause = Literal["credit", "early_payment_discount", "interest_correction", "reward"]
AllocationRule = Literal["oldest_due_first", "reference_then_oldest", "largest_first", "manual"]
CATEGORY: dict[ItemKind, Category] = {
    "invoice": "principal",
    "debit_note": "principal",
    "fee": "costs",
    "compensation": "costs",
    "interest": "interest",
}
ZERO = Decimal(0)


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def rounded(value: Decimal, currency: str) -> Decimal:
    """``value`` at the currency's minor unit, ROUND_HALF_UP (the booking step)."""
    return value.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def money(value: Decimal, currency: str) -> Money:
    return Money(amount=rounded(value, currency), currency=currency)


class Line(Value):
    """An amount against one debit item (an allocation, a credit note line, a write-off)."""

    item_id: DocumentId
    amount: Amount = Field(gt=0)


class SourcedLine(Value):
    """Unapplied credit of ``source_id`` allocated to ``item_id``."""

    source_id: DocumentId
    item_id: DocumentId
    amount: Amount = Field(gt=0)


class AccountSettings(Value):
    """The customer's rules: the pack that applies, how cash is allocated, terms, contract."""

    jurisdiction: Jurisdiction
    allocation_rule: AllocationRule = "oldest_due_first"
    auto_apply_credit: bool = False
    terms: PaymentTerms | None = None
    contract: ContractInterest | None = None


class DebitItem(Value):
    item_id: str
    kind: ItemKind
    currency: str
    amount: Decimal
    booked_on: dt.date
    due_date: dt.date
    group_id: str  # the invoice a charge belongs to (an invoice is its own group)
    discount: EarlyDiscount | None = None
    settled: Decimal = ZERO
    credited: Decimal = ZERO  # by credit notes other than early-payment discounts
    cancelled_on: dt.date | None = None

    @property
    def open(self) -> Decimal:
        return self.amount - self.settled

    @property
    def category(self) -> Category:
        return CATEGORY[self.kind]


class CreditSource(Value):
    source_id: str
    kind: SourceKind
    currency: str
    amount: Decimal
    on: dt.date  # value date of a payment, issue date of a credit note
    cause: CreditCause | None = None
    reference: str | None = None
    payment_ids: tuple[str, ...] = ()  # the payments an early-payment discount hangs on
    applied: Decimal = ZERO
    refunded: Decimal = ZERO
    reversed_on: dt.date | None = None

    @property
    def unapplied(self) -> Decimal:
        if self.reversed_on is not None:
            return ZERO
        return self.amount - self.applied - self.refunded


class Allocation(Value):
    kind: SettlementKind
    source_id: str  # payment, credit note, write-off, waiver or the cancelled invoice
    item_id: str
    amount: Decimal
    on: dt.date
    reversed_on: dt.date | None = None


class Refund(Value):
    refund_id: str
    source_id: str
    amount: Decimal
    on: dt.date


class InterestTrack(Value):
    """Late interest of one invoice: booked through ``through`` (exclusive), net amount."""

    through: dt.date | None = None
    booked: Decimal = ZERO
    compensation_booked: bool = False
    waived_on: dt.date | None = None


class JournalEntry(Value):
    """One line of the account's history: what changed the balance, when and by how much."""

    on: dt.date
    document_id: str
    kind: str
    currency: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    item_id: str | None = None
    text: str = ""


class InterestSegment(Value):
    """Days [start, end) on which ``principal`` was overdue at one rate."""

    start: dt.date
    end: dt.date
    principal: Amount
    quote: Quote

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def interest(self) -> Decimal:
        """Unrounded: principal x percent x days / 100 (/ basis days for a yearly rate)."""
        return self.quote.interest(self.principal, self.days)
