"""The rules an invoice-number command can break, each named after what it checks.

Every rule about money and documents is the ledger's
(``services.invoicing.domain.ledger.errors``); these two are about invoice numbers.
"""

from __future__ import annotations

from shared.kernel.errors import Conflict, NotFound


class InvoiceNotFound(NotFound):
    """No invoice was issued under this external number."""

    code = "unknown_invoice"


class InvoiceNumberConflict(Conflict):
    """The external number is already taken by an invoice of another customer."""

    code = "invoice_number_conflict"
