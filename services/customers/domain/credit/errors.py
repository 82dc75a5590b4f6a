"""The rules of credit control a command can break, each named after what it checks.

They are the kernel's domain errors: the HTTP edge answers ``CreditRuleBroken`` with 422,
``CreditConflict`` with 409 and ``CreditRecordNotFound`` with 404, naming the rule.
"""

from __future__ import annotations

from shared.kernel.errors import Conflict, DomainError, NotFound


class CreditRuleBroken(DomainError):
    """A rule of credit control refused the command."""

    code = "credit_rule_broken"


class CreditConflict(CreditRuleBroken, Conflict):
    """The command clashes with the current state."""

    code = "credit_conflict"


class SecondApproverRequired(CreditConflict):
    """A limit increase above the threshold is decided by an admin other than its requester."""

    code = "second_approver_required"


class NotTheRequester(CreditConflict):
    """Only the admin who asked for a limit can withdraw the request."""

    code = "not_the_requester"


class RequestAlreadyDecided(CreditConflict):
    """A limit-increase request is decided once: approved, rejected or withdrawn."""

    code = "limit_request_decided"


class NotEnoughPoints(CreditConflict):
    """A redemption cannot spend more reward points than the customer holds."""

    code = "not_enough_points"


class OverrideExpiryNotAfterStart(CreditRuleBroken):
    """A rating override must expire after the day it is set."""

    code = "override_expiry_not_after_start"


class ExceptionExpiryNotAfterStart(CreditRuleBroken):
    """A credit exception must expire after the day it is set."""

    code = "exception_expiry_not_after_start"


class CurrencyNotInPolicy(CreditRuleBroken):
    """The credit policy names no limit in the customer's currency."""

    code = "currency_not_in_policy"


class LimitInOtherCurrency(CreditRuleBroken):
    """A customer's credit limit is in the customer's own currency."""

    code = "limit_in_other_currency"


class LimitRequestPending(CreditConflict):
    """A customer's credit exception changes once its pending limit request is decided."""

    code = "limit_request_pending"


class CreditRecordNotFound(CreditRuleBroken, NotFound):
    """The command names a limit request or exception the customer does not have."""

    code = "credit_record_not_found"
