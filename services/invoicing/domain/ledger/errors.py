"""The rules a ledger command can break, each named after what it checks.

``LedgerError`` is a kernel ``DomainError`` (422 at the API edge, a rejection on the
ingest stream), ``LedgerNotFound`` a ``NotFound`` (404), ``LedgerConflict`` a
``Conflict`` (409). Every message says what was asked and which rule refused it.
"""

from __future__ import annotations

from shared.kernel.errors import Conflict, DomainError, NotFound


class LedgerError(DomainError):
    """A rule of the customer account refused the command."""

    code = "ledger_rule_violated"


class LedgerNotFound(LedgerError, NotFound):
    code = "not_found"


class LedgerConflict(LedgerError, Conflict):
    """The command clashes with what the account already holds."""

    code = "conflict"


class AccountNotOpened(LedgerNotFound):
    code = "account_not_opened"


class UnknownJurisdiction(LedgerError):
    code = "unknown_jurisdiction"


class UnknownItem(LedgerNotFound):
    """No invoice or charge with this id on the account."""

    code = "unknown_item"


class UnknownCreditSource(LedgerNotFound):
    """No payment or credit note with this id on the account."""

    code = "unknown_credit_source"


class DocumentIdConflict(LedgerConflict):
    """The id is already taken by a document with other data."""

    code = "document_id_conflict"


class AmountNotPositive(LedgerError):
    code = "amount_not_positive"


class CurrencyMismatch(LedgerError):
    code = "currency_mismatch"


class ValueDateInFuture(LedgerError):
    code = "value_date_in_future"


class DatedBeforeDocument(LedgerError):
    """An operation dated before the document it acts on."""

    code = "dated_before_document"


class DuplicateAllocationTarget(LedgerError):
    code = "duplicate_allocation_target"


class AllocationExceedsOpenAmount(LedgerError):
    code = "allocation_exceeds_open_amount"


class AllocationExceedsAvailableCredit(LedgerError):
    code = "allocation_exceeds_available_credit"


class NoUnappliedCredit(LedgerError):
    code = "no_unapplied_credit"


class RefundExceedsUnapplied(LedgerError):
    code = "refund_exceeds_unapplied"


class ItemCancelled(LedgerError):
    code = "item_cancelled"


class CreditExceedsInvoicedAmount(LedgerError):
    code = "credit_exceeds_invoiced_amount"


class InvoiceNotCancellable(LedgerConflict):
    """Something was paid, credited, written off or charged on it: credit it instead."""

    code = "invoice_not_cancellable"


class DueDateBeforeIssueDate(LedgerError):
    code = "due_date_before_issue_date"


class DueDateUnknown(LedgerError):
    """Neither a due date nor payment terms to derive one from."""

    code = "due_date_unknown"


class ReversalOfReversal(LedgerError):
    code = "reversal_of_reversal"


class PaymentAlreadyReversed(LedgerConflict):
    code = "payment_already_reversed"


class PaymentPartlyRefunded(LedgerConflict):
    code = "payment_partly_refunded"


class NothingToWriteOff(LedgerError):
    code = "nothing_to_write_off"


class InterestThroughInFuture(LedgerError):
    code = "interest_through_in_future"


class InterestAlreadyWaived(LedgerConflict):
    code = "interest_already_waived"


class RateNotPublished(LedgerError):
    """The rate table holds no rate for the day asked: add it to the pack's YAML."""

    code = "rate_not_published"


class NoCompensationForCurrency(LedgerError):
    code = "no_compensation_for_currency"


class AmountBeyondMinorUnit(LedgerError):
    """More decimal places than the currency has (CNY and EUR have 2, JPY none)."""

    code = "amount_beyond_minor_unit"


class NothingToAllocate(LedgerError):
    code = "nothing_to_allocate"


class NotAPayment(LedgerError):
    """Only payments bounce; a credit note is undone by a debit note."""

    code = "not_a_payment"


class ContractNeedsReferenceRate(LedgerError):
    code = "contract_needs_reference_rate"


class EmptyStatementPeriod(LedgerError):
    code = "empty_statement_period"
