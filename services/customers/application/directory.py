"""The customer directory: one line per customer (no personal data), filtered and paged.

A projection of the customers' streams: written after each command with the stream's
version (an older version never overwrites a newer one), rebuilt from the streams on
demand (``POST /admin/customers/directory/rebuild``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from services.customers.domain.state import Customer
from shared.contracts.customers import Jurisdiction


class DirectoryEntry(BaseModel):
    """A customer as the list shows it: ids, codes and company data."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    jurisdiction: Jurisdiction
    currency: str
    segment: str
    registration_number: str | None = None
    group: str | None = None
    owner: str | None = None
    collector: str | None = None
    contacts: int
    legal_hold: bool
    erased: bool
    registered_at: datetime
    version: int

    @classmethod
    def of(cls, customer: Customer, version: int) -> DirectoryEntry:
        master = customer.master_data
        return cls(
            customer_id=customer.customer_id, jurisdiction=customer.registration.jurisdiction,
            currency=customer.registration.currency, segment=customer.segment,
            registration_number=master.registration_number if master else None,
            group=master.group if master else None, owner=master.owner if master else None,
            collector=master.collector if master else None, contacts=len(customer.contacts),
            legal_hold=customer.legal_hold is not None, erased=customer.erasure is not None,
            registered_at=customer.registered_at, version=version,
        )  # fmt: skip


class DirectoryFilter(BaseModel):
    """What a listed customer must match; a field left out matches every customer."""

    model_config = ConfigDict(frozen=True)

    jurisdiction: str | None = None
    currency: str | None = None
    segment: str | None = None
    owner: str | None = None
    collector: str | None = None
    group: str | None = None
    legal_hold: bool | None = None
    erased: bool | None = None

    def matches(self, entry: DirectoryEntry) -> bool:
        wanted = self.model_dump(exclude_none=True)
        return all(getattr(entry, name) == value for name, value in wanted.items())


class Page(BaseModel):
    """One page of customers in id order; ``next_after`` asks for the next (None: last)."""

    model_config = ConfigDict(frozen=True)

    customers: tuple[DirectoryEntry, ...]
    next_after: str | None


class DirectoryStore(Protocol):
    async def put(self, entry: DirectoryEntry) -> None:
        """Keep ``entry`` unless a newer version of the customer is kept already."""
        ...

    async def page(self, where: DirectoryFilter, after: str | None, limit: int) -> Page:
        """Up to ``limit`` matching customers with ids after ``after``, in id order."""
        ...

    async def drop(self) -> None: ...

    async def customer_ids(self) -> list[str]:
        """Every customer with a stream in the event store."""
        ...
