"""Ports of the customers service: where personal data is kept, how registration is fenced."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from services.customers.domain.access import PersonalDataRead
from services.customers.domain.personal import PersonalData
from shared.kernel.errors import Conflict


class PersonalDataVault(Protocol):
    """Personal data at rest, encrypted with a key of its own per customer."""

    async def keep(self, data: PersonalData) -> None:
        """Store (or replace) the customer's personal data."""
        ...

    async def read(self, customer_id: str) -> PersonalData | None:
        """The customer's personal data, or None when none is kept (or it was erased)."""
        ...

    async def shred(self, customer_id: str) -> None:
        """Destroy the customer's data key (and its sealed data): nothing can read it again.

        Idempotent: shredding what is already gone does nothing.
        """
        ...


class ShreddedLedger(Protocol):
    """Where every shredded customer is listed outside Redis, so that a restored backup's
    data keys can be destroyed again (``adapters.shredded_ledger``)."""

    async def record(self, customer_id: str) -> None:
        """Durably list ``customer_id`` before its data key is destroyed."""


class RegistrationLock(Protocol):
    """One registration of a customer id at a time, across processes."""

    def hold(self, customer_id: str) -> AbstractAsyncContextManager[None]:
        """Raise :class:`RegistrationInProgress` when the lock cannot be had in time."""
        ...


class RegistrationInProgress(Conflict):
    """Another registration of the same customer id did not finish in time; try again."""

    code = "registration_in_progress"


class AccessLog(Protocol):
    """Every read of a customer's personal data in full (PIPL / GDPR accountability)."""

    async def record(self, read: PersonalDataRead) -> None:
        """Keep the read; called before the data is handed out (no record, no data)."""
        ...

    async def reads(self, customer_id: str, limit: int) -> list[PersonalDataRead]:
        """The customer's latest reads, newest first."""
        ...


class IngestRejections(Protocol):
    """Where a well-formed ingest entry a business rule refused is recorded."""

    async def record(self, customer_id: str, code: str, rule: str, detail: str) -> None: ...
