"""What the use cases and routes need from the outside world (adapters implement these)."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class InvoiceIndex(Protocol):
    """Which customer (hence which partition) an external invoice number belongs to.

    Payments name only the invoice number; the index finds the debtor for it. It is a
    projection of the invoice streams: losing it loses nothing.
    """

    async def locate(self, external_number: str) -> str | None:
        """The invoice's customer id, or None when no such invoice was issued."""
        ...

    async def remember(self, external_number: str, customer_id: str) -> None:
        """Record the owner of a freshly issued (or re-sent) invoice."""
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
