"""The ingest stream ``hk:ingest:customers``: the ERP's customer master as plain JSON, one
customer (with its contacts) per entry, ``"type": "UpsertCustomer"`` (docs/credit-import.md).

An entry that does not parse is dead-lettered with the reason by the bus; one that parses
but breaks a rule is recorded in ``hk:ingest:customers:rejected`` and acknowledged.
Idempotent by the customer number: a re-sent entry changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import TypeAdapter

from services.customers.application.container import Container
from services.customers.domain.importing import CustomerRecord, import_command
from shared.infra import keys
from shared.kernel.errors import DomainError

INGEST_STREAM = keys.ingest("customers")
_ADAPTER: TypeAdapter[CustomerRecord] = TypeAdapter(CustomerRecord)


def parse_customer_record(payload: bytes) -> CustomerRecord:
    """One ingest entry; raises ``ValidationError`` (a ``ValueError``) when malformed."""
    return _ADAPTER.validate_json(payload)


def on_customer_record(wired: Container) -> Callable[[CustomerRecord], Awaitable[None]]:
    async def upsert(record: CustomerRecord) -> None:
        try:
            cmd = import_command(record.imported(), "ingest")
            await wired.master_data.import_customer(cmd, requested_by="ingest")
        except DomainError as refused:
            await wired.rejections.record(
                record.customer_id, refused.code, type(refused).__name__, str(refused)
            )

    return upsert
