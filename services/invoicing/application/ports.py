"""What the use cases need from the outside world (adapters implement these)."""

from __future__ import annotations

from typing import Protocol


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


class RejectionLog(Protocol):
    """Where well-formed ingest commands that a business rule refused are recorded."""

    async def record(self, command_json: str, command_type: str, key: str, error: Exception) -> str:
        """Record one refusal; returns its id."""
        ...
