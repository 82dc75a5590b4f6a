"""What invoicing's routes and stream handlers use; built by the composition root (app.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.invoicing.application.ports import InvoiceIndex, RejectionLog
from services.invoicing.application.reconcile import Reconciler
from services.invoicing.application.service import Invoicing
from services.invoicing.application.statement_links import StatementLinks
from services.invoicing.domain.ledger import Statement
from shared.infra.clock import Clock


@dataclass(frozen=True)
class Container:
    invoicing: Invoicing
    index: InvoiceIndex
    rejections: RejectionLog
    reconcile: Reconciler
    render_statement: Callable[[Statement], bytes]
    links: StatementLinks
    clock: Clock
