"""Rules of collections that refuse a command or a query, by name."""

from __future__ import annotations

from shared.kernel.errors import Conflict, DomainError, NotFound


class DebtorNotFound(NotFound):
    """Collections has no history for this customer id."""


class CommandForAnotherDebtor(DomainError):
    """A command reached the stream of a debtor it does not name."""


class InvoiceCurrencyMismatch(DomainError):
    """Two facts about one invoice name different currencies.

    Balances are kept per currency, so a debtor may owe in several; but one invoice has
    one currency, and a fact that contradicts it is refused rather than mixed in.
    """


class PromiseDateInPast(DomainError):
    """A promise (or an instalment, or an offer) must fall due today or later."""


class PromiseAlreadyPending(Conflict):
    """One promise at a time: the pending one is kept or broken before another is taken."""


class PlanAlreadyRunning(Conflict):
    """The debtor already has a payment plan running."""


class PlanNotValid(DomainError):
    """Instalments must be in date order, in one currency, and within the policy's maximum."""


class NothingOverdue(DomainError):
    """The command needs an overdue balance (in that currency) and there is none."""


class DiscountTooLarge(DomainError):
    """The discount exceeds the share of the overdue balance the policy allows."""


class UnknownOffer(NotFound):
    """No settlement offer with that id is open for the debtor."""


class UnknownInvoice(NotFound):
    """The debtor has no such invoice owing."""


class NotDisputed(Conflict):
    """The invoice has no open dispute to resolve."""


class AlreadyDisputed(Conflict):
    """The invoice already has an open dispute."""


class DebtorWrittenOffAlready(Conflict):
    """The debtor was written off: nothing more is collected."""


class NoDunningPolicy(Conflict):
    """No dunning policy applies to the debtor (its jurisdiction has none and no default is
    configured): collectors' commands wait until one is configured."""


class UnknownTask(NotFound):
    """The debtor has no such open task."""


class TaskNotOpen(Conflict):
    """The task was completed already."""


class ConversationTimeNotValid(DomainError):
    """A conversation is logged with the time it took place: zoned, and not in the future."""
