"""The rules an invoice command can break, each named after what it checks."""

from __future__ import annotations

from shared.kernel.errors import Conflict, DomainError, NotFound


class InvoiceNotFound(NotFound):
    """No invoice was issued under this external number."""

    code = "unknown_invoice"


class InvoiceNumberConflict(Conflict):
    """The external number is already taken by an invoice with different data."""

    code = "invoice_number_conflict"


class DueDateBeforeIssueDate(DomainError):
    code = "due_date_before_issue_date"


class InvoiceAmountNotPositive(DomainError):
    code = "invoice_amount_not_positive"


class PaymentIdConflict(Conflict):
    """The payment reference was already recorded with a different amount or date."""

    code = "payment_id_conflict"


class PaymentAmountNotPositive(DomainError):
    code = "payment_amount_not_positive"


class PaymentCurrencyMismatch(DomainError):
    code = "payment_currency_mismatch"


class PaymentExceedsOutstanding(DomainError):
    """A payment larger than what is left to pay (overpayments are not booked here)."""

    code = "payment_exceeds_outstanding"
