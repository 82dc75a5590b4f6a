"""The customer's decisions: given its state and a command, which events.

Each function takes a command and returns the pure ``decide(state, stamp)`` that
``shared.aggregate.Repository.execute`` runs; ``stamp`` fills in event envelopes.
A command that changes nothing (a repeated registration or consent) decides no events.
"""

from __future__ import annotations

from collections.abc import Callable

from services.customers.domain.commands import ChangeConsent, RegisterCustomer
from services.customers.domain.errors import (
    ContactNotFound,
    CustomerNotFound,
    CustomerRegistrationConflict,
)
from services.customers.domain.personal import PersonalData
from services.customers.domain.state import (
    ContactProfile,
    Customer,
    CustomerState,
    registered_contact,
)
from shared.aggregate import Decision, Stamp
from shared.contracts.customers import ContactConsentChanged, CustomerRegistered

Decide = Callable[[CustomerState, Stamp], Decision]


def register_customer(
    cmd: RegisterCustomer, on_file: PersonalData | None, requested_by: str | None = None
) -> Decide:
    """Register once: the same registration again is a no-op, other data a conflict.

    ``on_file`` is the personal data kept for this customer id, if any: a repeat must
    match it as well as the registration's codes.
    """

    def decide(state: CustomerState, stamp: Stamp) -> Decision:
        if state.customer is not None:
            check_repeated_registration_is_identical(state.customer, on_file, cmd)
            return Decision()
        registration = cmd.registration()
        registered = stamp.make(
            CustomerRegistered,
            customer_id=cmd.customer_id,
            jurisdiction=registration.jurisdiction,
            currency=registration.currency,
            segment=registration.segment,
            contact_ids=tuple(c.contact_id for c in registration.contacts),
            contacts=tuple(registered_contact(c) for c in registration.contacts),
            requested_by=requested_by,
        )
        return Decision(events=[registered])

    return decide


def change_consent(cmd: ChangeConsent, requested_by: str | None = None) -> Decide:
    """Record a contact's consent on a channel, unless it already stands that way."""

    def decide(state: CustomerState, stamp: Stamp) -> Decision:
        contact = require_contact(require_registered(state), cmd.contact_id)
        if getattr(contact.consent, cmd.channel) == cmd.consent:
            return Decision()
        changed = stamp.make(
            ContactConsentChanged,
            customer_id=cmd.customer_id,
            contact_id=cmd.contact_id,
            channel=cmd.channel,
            consent=cmd.consent,
            source=cmd.source,
            requested_by=requested_by,
        )
        return Decision(events=[changed])

    return decide


def require_registered(state: CustomerState) -> Customer:
    if state.customer is None:
        raise CustomerNotFound(f"no customer {state.customer_id}")
    return state.customer


def require_contact(customer: Customer, contact_id: str) -> ContactProfile:
    contact = customer.contact(contact_id)
    if contact is None:
        raise ContactNotFound(f"customer {customer.customer_id} has no contact {contact_id}")
    return contact


def check_repeated_registration_is_identical(
    customer: Customer, on_file: PersonalData | None, cmd: RegisterCustomer
) -> None:
    """Name the fields that differ; never their values (they may be personal data)."""
    differing = differing_fields(customer, on_file, cmd)
    if differing:
        raise CustomerRegistrationConflict(
            f"customer {cmd.customer_id} is already registered with different "
            f"{', '.join(differing)}"
        )


def differing_fields(
    customer: Customer, on_file: PersonalData | None, cmd: RegisterCustomer
) -> list[str]:
    differing = _differences(customer.registration.model_dump(), cmd.registration().model_dump())
    if on_file is None:
        return [*differing, "personal data (none on file)"]
    return differing + _differences(on_file.model_dump(), cmd.personal_data().model_dump())


def _differences(before: object, after: object, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            diff
            for key in sorted(before.keys() | after.keys())
            for diff in _differences(before.get(key), after.get(key), _join(path, key))
        ]
    if isinstance(before, list | tuple) and isinstance(after, list | tuple):
        if len(before) != len(after):
            return [_join(path, "count")]
        return [
            diff
            for i, (b, a) in enumerate(zip(before, after, strict=True), start=1)
            for diff in _differences(b, a, f"{path}[{i}]")
        ]
    return [] if before == after else [path]


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)
