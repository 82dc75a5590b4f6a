"""Bulk import of customers and contacts from a CSV file (docs/credit-import.md).

Every malformed row is reported with its line number and the reason (naming the column,
never a person's data); a customer with a malformed row is not imported, the rest are.
Each good customer is imported as one :class:`ImportCustomer` — idempotent by its
number, so the same file again changes nothing — a few at a time. A customer a business
rule refuses (a jurisdiction not served, another currency than registered…) is
reported with its number and the rule.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from services.customers.application.master_data import Imported, MasterDataUseCases
from services.customers.domain.credit.csv_import import RowError, parse_customers_csv
from services.customers.domain.importing import import_command
from shared.kernel.errors import DomainError

CONCURRENCY = 16


class RefusedCustomer(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: str
    error: str
    detail: str


class ImportReport(BaseModel):
    """What a file did: customers new, changed, unchanged; rows and customers refused."""

    model_config = ConfigDict(frozen=True)

    new: int
    changed: int
    unchanged: int
    malformed_rows: tuple[RowError, ...]
    refused: tuple[RefusedCustomer, ...]
    changes: tuple[Imported, ...]


@dataclass
class CsvImport:
    master_data: MasterDataUseCases

    async def import_csv(self, data: bytes, requested_by: str | None) -> ImportReport:
        parsed = parse_customers_csv(data)
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(index: int) -> Imported | RefusedCustomer:
            customer = parsed.customers[index]
            async with gate:
                try:
                    cmd = import_command(customer, "csv")
                    return await self.master_data.import_customer(cmd, requested_by)
                except DomainError as refused:
                    return RefusedCustomer(customer_id=customer.basic.customer_id,
                                           error=refused.code, detail=str(refused))  # fmt: skip

        results = await asyncio.gather(*(one(i) for i in range(len(parsed.customers))))
        done = [r for r in results if isinstance(r, Imported)]
        return ImportReport(
            new=sum(r.outcome == "new" for r in done),
            changed=sum(r.outcome == "changed" for r in done),
            unchanged=sum(r.outcome == "unchanged" for r in done),
            malformed_rows=parsed.errors,
            refused=tuple(r for r in results if isinstance(r, RefusedCustomer)),
            changes=tuple(r for r in done if r.outcome != "unchanged"),
        )
