"""What the use cases and routes need from the outside world (adapters implement these)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel


@dataclass(frozen=True)
class Claim:
    """Who an invoice number belongs to after a claim, and whether this claim made it so."""

    owner: str
    fresh: bool


class InvoiceIndex(Protocol):
    """Which customer (hence which partition) an external invoice number belongs to.

    Payments name only the invoice number; the index finds the debtor for it. Issuing
    claims the number first, atomically: a number is never booked on two accounts. Apart
    from the claims, it is a projection of the accounts: ``rebuild`` recreates it.
    """

    async def locate(self, external_number: str) -> str | None:
        """The invoice's customer id, or None when no such invoice was issued."""
        ...

    async def claim(self, external_number: str, customer_id: str) -> Claim:
        """Reserve the number for the customer unless another owns it; the owner."""
        ...

    async def claim_many(self, claims: Sequence[tuple[str, str]]) -> list[Claim | Exception]:
        """Several claims (number, customer) in one round trip; each answered on its own."""
        ...

    async def release(self, external_number: str, customer_id: str) -> None:
        """Undo the customer's fresh claim of a number whose issue was refused."""
        ...

    async def customers(self) -> list[str]:
        """Every customer that has an invoice."""
        ...

    async def rebuild(self) -> int:
        """Recreate the whole index from the invoice streams; returns its size."""
        ...


class Rejection(BaseModel):
    """One refused ingest command: what it was, which rule refused it and why."""

    id: str
    type: str
    key: str
    error: str
    rule: str
    detail: str
    rejected_at: int
    rejected_at_iso: str
    recorded_at_iso: str = ""
    ingest_entry_id: str = ""
    payload: str


class RejectionLog(Protocol):
    """Where well-formed ingest commands that a business rule refused are recorded."""

    async def record(self, command_json: str, command_type: str, key: str, error: Exception) -> str:
        """Record one refusal; returns its id."""
        ...

    async def list(self, count: int = 100, after: str = "-") -> list[Rejection]:
        """The oldest ``count`` refusals after ``after``."""
        ...

    async def replay(self, rejection_id: str) -> str | None:
        """Put the command back on the ingest stream and drop the refusal; None if unknown."""
        ...
