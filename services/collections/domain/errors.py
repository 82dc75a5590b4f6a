"""Rules of collections that refuse a command or a query, by name."""

from __future__ import annotations

from shared.errors import DomainError, NotFound


class DebtorNotFound(NotFound):
    """Collections has no history for this customer id."""


class CommandForAnotherDebtor(DomainError):
    """A command reached the stream of a debtor it does not name."""


class InvoiceCurrencyMismatch(DomainError):
    """Two facts about one invoice name different currencies.

    Balances are kept per currency, so a debtor may owe in several; but one invoice has
    one currency, and a fact that contradicts it is refused rather than mixed in.
    """
