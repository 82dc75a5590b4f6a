"""The rules a customer command can break, each named after what it checks."""

from __future__ import annotations

from shared.errors import Conflict, NotFound


class CustomerNotFound(NotFound):
    """No customer is registered under this id."""

    code = "unknown_customer"


class ContactNotFound(NotFound):
    """The customer has no contact with this id."""

    code = "unknown_contact"


class CustomerRegistrationConflict(Conflict):
    """The customer id is already registered with different data."""

    code = "customer_registration_conflict"
