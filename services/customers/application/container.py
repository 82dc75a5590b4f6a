"""What the customers routes and stream handlers use; built by the composition root (app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from services.customers.application.credit import CreditAccounts
from services.customers.application.credit_admin import CreditAdministration
from services.customers.application.erasure import Erasures
from services.customers.application.importing import CsvImport
from services.customers.application.master_data import MasterDataUseCases
from services.customers.application.ports import IngestRejections
from services.customers.application.service import Customers


@dataclass(frozen=True)
class Container:
    customers: Customers
    erasures: Erasures
    master_data: MasterDataUseCases
    csv_import: CsvImport
    rejections: IngestRejections
    credit: CreditAccounts
    credit_admin: CreditAdministration
