"""One customer's account: every open item, credit source and allocation, and its journal.

Queries only; ``evolve`` is the one way an account changes. Balances are per currency:
what the customer owes (open debit items) less what stands to its credit (unapplied
payments and credit notes); a negative balance is money the creditor holds for it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field

from services.invoicing.domain.ledger.errors import (
    AccountNotOpened,
    UnknownCreditSource,
    UnknownItem,
)
from services.invoicing.domain.ledger.model import (
    ZERO,
    AccountSettings,
    Allocation,
    CreditSource,
    DebitItem,
    InterestTrack,
    JournalEntry,
    Refund,
    Value,
)
from shared.kernel.copying import validated


class Account(Value):
    customer_id: str
    settings: AccountSettings | None = None
    # Each settings in force from its date (the first since the account opened, for all
    # earlier days too): interest for a day follows the contract in force that day.
    settings_history: tuple[tuple[dt.date, AccountSettings], ...] = ()
    items: dict[str, DebitItem] = Field(default_factory=dict)
    sources: dict[str, CreditSource] = Field(default_factory=dict)
    allocations: tuple[Allocation, ...] = ()
    refunds: dict[str, Refund] = Field(default_factory=dict)
    interest: dict[str, InterestTrack] = Field(default_factory=dict)
    operations: dict[str, str] = Field(default_factory=dict)  # reversal/write-off/… id → subject
    journal: tuple[JournalEntry, ...] = ()

    def require_settings(self) -> AccountSettings:
        if self.settings is None:
            raise AccountNotOpened(f"the account of customer {self.customer_id} is not open")
        return self.settings

    def item(self, item_id: str) -> DebitItem:
        found = self.items.get(item_id)
        if found is None:
            raise UnknownItem(f"no invoice or charge {item_id} on account {self.customer_id}")
        return found

    def source(self, source_id: str) -> CreditSource:
        found = self.sources.get(source_id)
        if found is None:
            raise UnknownCreditSource(
                f"no payment or credit note {source_id} on account {self.customer_id}"
            )
        return found

    def groups(self, currency: str) -> dict[str, list[DebitItem]]:
        """Open items of ``currency`` by the debt they belong to (an invoice and its charges)."""
        found: dict[str, list[DebitItem]] = {}
        for item in self.items.values():
            if item.currency == currency and item.open > 0:
                found.setdefault(item.group_id, []).append(item)
        return found

    def group(self, group_id: str) -> list[DebitItem]:
        return [i for i in self.items.values() if i.group_id == group_id and i.open > 0]

    def charges_of(self, invoice_id: str) -> list[DebitItem]:
        return [i for i in self.items.values() if i.group_id == invoice_id and i.kind != "invoice"]

    def credit_available(self, currency: str) -> list[CreditSource]:
        """Sources with unapplied credit in ``currency``, oldest first."""
        found = [s for s in self.sources.values() if s.currency == currency and s.unapplied > 0]
        return sorted(found, key=lambda s: (s.on, s.source_id))

    def unapplied(self, currency: str) -> Decimal:
        return sum((s.unapplied for s in self.credit_available(currency)), ZERO)

    def owed(self, currency: str) -> Decimal:
        items = self.items.values()
        return sum((i.open for i in items if i.currency == currency), ZERO)

    def currencies(self) -> list[str]:
        found = {i.currency for i in self.items.values()} | {
            s.currency for s in self.sources.values()
        }
        return sorted(found)

    def balances(self) -> dict[str, Decimal]:
        """Per currency: open items less unapplied credit (what the customer owes net)."""
        return {c: self.owed(c) - self.unapplied(c) for c in self.currencies()}

    def track(self, invoice_id: str) -> InterestTrack:
        return self.interest.get(invoice_id, InterestTrack())


def new_account(customer_id: str) -> Account:
    """The state before anything happened: ``AccountOpened`` gives it its settings."""
    return validated(Account, {"customer_id": customer_id})  # ``Account(customer_id=…)``
