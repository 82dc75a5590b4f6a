"""Which open items a sum of money pays, and in which order.

Between debts, the customer's rule (``AccountSettings.allocation_rule``):

- ``oldest_due_first`` (the default, and the law's fallback: 民法典 第560条, BGB §366(2)
  look first to the debt due first);
- ``reference_then_oldest``: invoices the payer's remittance text names, in the order
  named, then oldest due first (what a bank feed's reference field is for);
- ``largest_first``: the largest open debt first;
- ``manual``: nothing is allocated; the money waits as unapplied credit for a person.

An explicit allocation list overrides the rule; what it leaves over stays unapplied.

Within one debt (an invoice with its charges: late interest, compensation, fees,
linked debit notes) the jurisdiction pack's ``within_debt_order`` applies: costs, then
interest, then principal where the law says so (民法典 第561条; BGB §367(1)). Naming a
charge itself in an explicit list pays that charge.

An invoice with an early-payment discount still open on the payment's date is settled by
paying its open amount less the discount; the discount is then a credit note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from services.invoicing.domain.ledger.account import Account
from services.invoicing.domain.ledger.errors import (
    AllocationExceedsAvailableCredit,
    AllocationExceedsOpenAmount,
    CurrencyMismatch,
    DuplicateAllocationTarget,
    ItemCancelled,
)
from services.invoicing.domain.ledger.model import (
    ZERO,
    AllocationRule,
    DebitItem,
    Line,
    rounded,
)
from services.invoicing.domain.ledger.rates import Category

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]*")


@dataclass(frozen=True)
class Plan:
    lines: tuple[Line, ...]
    discounts: tuple[Line, ...]  # invoice → discount to credit

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class Planner:
    account: Account
    order: tuple[Category, Category, Category]
    currency: str
    on: dt.date
    taken: dict[str, Decimal] = field(default_factory=dict)
    discounted: dict[str, Decimal] = field(default_factory=dict)

    def by_rule(self, cash: Decimal, rule: AllocationRule, reference: str | None) -> Plan:
        groups = self.account.groups(self.currency)
        for group_id in _ordered(groups, rule, reference):
            if cash <= 0:
                break
            cash -= self._pay_group(groups[group_id], cash)
        return self.plan()

    def only(self, group_id: str, cash: Decimal) -> Plan:
        """Pay one debt (credit applied to a newly issued invoice)."""
        self._pay_group(self.account.group(group_id), cash)
        return self.plan()

    def explicit(self, cash: Decimal, requested: tuple[Line, ...]) -> Plan:
        ids = [line.item_id for line in requested]
        if len(set(ids)) != len(ids):
            raise DuplicateAllocationTarget(f"an allocation list names an item twice: {ids}")
        asked = sum((line.amount for line in requested), ZERO)
        if asked > cash:
            raise AllocationExceedsAvailableCredit(
                f"allocations of {asked} {self.currency} exceed the "
                f"{cash} {self.currency} available"
            )
        for line in requested:
            self._pay_named(self.account.item(line.item_id), line.amount)
        return self.plan()

    def plan(self) -> Plan:
        lines = tuple(Line(item_id=i, amount=a) for i, a in self.taken.items() if a > 0)
        discounts = tuple(Line(item_id=i, amount=a) for i, a in self.discounted.items())
        return Plan(lines=lines, discounts=discounts)

    def _pay_named(self, item: DebitItem, amount: Decimal) -> None:
        if item.currency != self.currency:
            raise CurrencyMismatch(
                f"{item.item_id} is in {item.currency}; the money is in {self.currency}"
            )
        if item.cancelled_on is not None:
            raise ItemCancelled(f"invoice {item.item_id} was cancelled on {item.cancelled_on}")
        debt = self.account.group(item.item_id) if item.kind == "invoice" else [item]
        still_open = sum((self._open(i) for i in debt), ZERO)
        if amount > still_open:
            raise AllocationExceedsOpenAmount(
                f"{amount} {self.currency} allocated to {item.item_id}, which has only "
                f"{still_open} {self.currency} open"
            )
        self._spread(self._in_order(debt), amount, hold={})
        if item.kind == "invoice":
            left = self._open(item)
            if 0 < left <= self._entitlement(item):
                self.discounted[item.item_id] = left

    def _pay_group(self, debt: list[DebitItem], cash: Decimal) -> Decimal:
        invoice = next((i for i in debt if i.kind == "invoice"), None)
        discount = self._entitlement(invoice) if invoice is not None else ZERO
        owed = sum((self._open(i) for i in debt), ZERO)
        if invoice is not None and discount > 0 and 0 < owed - discount <= cash:
            paid = self._spread(self._in_order(debt), owed - discount, {invoice.item_id: discount})
            self.discounted[invoice.item_id] = discount
            return paid
        return self._spread(self._in_order(debt), min(cash, owed), hold={})

    def _spread(self, items: list[DebitItem], amount: Decimal, hold: dict[str, Decimal]) -> Decimal:
        paid = ZERO
        for item in items:
            share = min(amount - paid, self._open(item) - hold.get(item.item_id, ZERO))
            if share > 0:
                self.taken[item.item_id] = self.taken.get(item.item_id, ZERO) + share
                paid += share
        return paid

    def _open(self, item: DebitItem) -> Decimal:
        settled = self.taken.get(item.item_id, ZERO) + self.discounted.get(item.item_id, ZERO)
        return item.open - settled

    def _in_order(self, debt: list[DebitItem]) -> list[DebitItem]:
        rank = {category: n for n, category in enumerate(self.order)}
        return sorted(debt, key=lambda i: (rank[i.category], i.due_date, i.booked_on, i.item_id))

    def _entitlement(self, invoice: DebitItem) -> Decimal:
        """The early-payment discount the invoice still earns on ``on`` (0 if none)."""
        terms = invoice.discount
        if terms is None or self.on > terms.until or self._open(invoice) <= 0:
            return ZERO
        earned = rounded((invoice.amount - invoice.credited) * terms.percent / 100, self.currency)
        return min(earned, self._open(invoice))


def _ordered(
    groups: dict[str, list[DebitItem]], rule: AllocationRule, reference: str | None
) -> list[str]:
    if rule == "manual":
        return []

    def oldest(group_id: str) -> tuple[dt.date, dt.date, str]:
        debt = groups[group_id]
        return (min(i.due_date for i in debt), min(i.booked_on for i in debt), group_id)

    by_age = sorted(groups, key=oldest)
    if rule == "largest_first":
        return sorted(by_age, key=lambda g: -sum((i.open for i in groups[g]), ZERO))
    if rule == "reference_then_oldest":
        named = {token.upper(): n for n, token in reversed(list(enumerate(_tokens(reference))))}
        first = sorted((g for g in by_age if g.upper() in named), key=lambda g: named[g.upper()])
        return first + [g for g in by_age if g.upper() not in named]
    return by_age


def _tokens(reference: str | None) -> list[str]:
    return _TOKEN.findall(reference or "")
