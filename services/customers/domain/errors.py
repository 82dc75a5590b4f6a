"""The rules a customer command can break, each named after what it checks."""

from __future__ import annotations

from shared.kernel.errors import Conflict, DomainError, NotFound


class CustomerNotFound(NotFound):
    """No customer is registered under this id."""

    code = "unknown_customer"


class ContactNotFound(NotFound):
    """The customer has no contact with this id."""

    code = "unknown_contact"


class CustomerRegistrationConflict(Conflict):
    """The customer id is already registered with different data."""

    code = "customer_registration_conflict"


class ReceivedInTheFuture(DomainError):
    """A written request cannot have arrived on a day that has not begun anywhere yet."""

    code = "received_in_the_future"


class WithdrawalBeforeRequest(DomainError):
    """A cease-contact request cannot be withdrawn by a letter that arrived before it."""

    code = "withdrawal_before_request"


class ErasureUnderLegalHold(Conflict):
    """R8: personal data under legal hold is not erased; the refusal names the hold's reason."""

    code = "under_legal_hold"

    def __init__(self, customer_id: str, reason: str) -> None:
        super().__init__(
            f"customer {customer_id} is under legal hold ({reason}); erasure refused until "
            "the hold is lifted"
        )
        self.reason = reason


class UnknownJurisdiction(DomainError):
    """A customer is registered only in a jurisdiction with a compliance pack and a policy."""

    code = "unknown_jurisdiction"


class CustomerErased(Conflict):
    """The customer's personal data was erased; its contacts get no new details."""

    code = "customer_erased"
