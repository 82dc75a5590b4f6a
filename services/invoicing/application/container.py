"""What invoicing's routes and stream handlers use; built by the composition root (app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from services.invoicing.application.ports import InvoiceIndex, RejectionLog
from services.invoicing.application.service import Invoicing


@dataclass(frozen=True)
class Container:
    invoicing: Invoicing
    index: InvoiceIndex
    rejections: RejectionLog
    collections_url: str = "http://127.0.0.1:8103"
