"""The checks customer decisions make, each named after what it checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.customers.domain.commands import RegisterCustomer
from services.customers.domain.errors import (
    ContactNotFound,
    CustomerNotFound,
    CustomerRegistrationConflict,
    ReceivedInTheFuture,
)
from services.customers.domain.personal import PersonalData
from services.customers.domain.state import ContactProfile, Customer, CustomerState

# The first day that has begun anywhere (UTC+14) is the latest a letter can have arrived.
EARLIEST_ZONE_AHEAD = timedelta(hours=14)


def check_letter_arrived_by_now(received_on: date, now: datetime) -> None:
    if received_on > (now.astimezone(UTC) + EARLIEST_ZONE_AHEAD).date():
        raise ReceivedInTheFuture(f"{received_on} has not begun anywhere yet")


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
