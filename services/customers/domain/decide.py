"""The customer's decisions: given its state and a command, which events.

Each function takes a command and returns the pure ``decide(state, stamp)`` that
``shared.aggregate.Repository.execute`` runs; ``stamp`` fills in event envelopes.
A command that changes nothing (a repeated registration, consent, cease-contact request,
withdrawal or preferences) decides no events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from services.customers.domain.commands import (
    ChangeConsent,
    RecordCeaseRequest,
    RegisterCustomer,
    SetContactPreferences,
    WithdrawCeaseRequest,
)
from services.customers.domain.errors import (
    ContactNotFound,
    CustomerNotFound,
    CustomerRegistrationConflict,
    ReceivedInTheFuture,
    WithdrawalBeforeRequest,
)
from services.customers.domain.personal import PersonalData
from services.customers.domain.preferences import wire_slots
from services.customers.domain.state import (
    ContactProfile,
    Customer,
    CustomerState,
    registered_contact,
)
from shared.contracts.customers import (
    ContactCeaseRequested,
    ContactCeaseWithdrawn,
    ContactConsentChanged,
    ContactPreferencesChanged,
    CustomerRegistered,
)
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision

Decide = Callable[[CustomerState, Stamp], Decision]
# The first day that has begun anywhere (UTC+14) is the latest a letter can have arrived.
EARLIEST_ZONE_AHEAD = timedelta(hours=14)


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


def record_cease_request(cmd: RecordCeaseRequest, requested_by: str | None = None) -> Decide:
    """R4: record a written cease-contact request, unless one already stands."""

    def decide(state: CustomerState, stamp: Stamp) -> Decision:
        contact = require_contact(require_registered(state), cmd.contact_id)
        check_letter_arrived_by_now(cmd.received_on, stamp.now)
        if contact.cease is not None:
            return Decision()
        requested = stamp.make(
            ContactCeaseRequested,
            customer_id=cmd.customer_id, contact_id=cmd.contact_id,
            received_on=cmd.received_on, source=cmd.source, requested_by=requested_by,
        )  # fmt: skip
        return Decision(events=[requested])

    return decide


def withdraw_cease_request(cmd: WithdrawCeaseRequest, requested_by: str | None = None) -> Decide:
    """Record that the contact withdrew its cease-contact request, if one stands."""

    def decide(state: CustomerState, stamp: Stamp) -> Decision:
        contact = require_contact(require_registered(state), cmd.contact_id)
        check_letter_arrived_by_now(cmd.received_on, stamp.now)
        if contact.cease is None:
            return Decision()
        if cmd.received_on < contact.cease.received_on:
            raise WithdrawalBeforeRequest(
                f"the request of {cmd.contact_id} arrived on {contact.cease.received_on}, "
                f"after the withdrawal ({cmd.received_on})"
            )
        withdrawn = stamp.make(
            ContactCeaseWithdrawn,
            customer_id=cmd.customer_id, contact_id=cmd.contact_id,
            received_on=cmd.received_on, source=cmd.source, requested_by=requested_by,
        )  # fmt: skip
        return Decision(events=[withdrawn])

    return decide


def set_contact_preferences(cmd: SetContactPreferences, requested_by: str | None = None) -> Decide:
    """State a contact's shared and inconvenient channels and times, unless they already hold."""

    def decide(state: CustomerState, stamp: Stamp) -> Decision:
        contact = require_contact(require_registered(state), cmd.contact_id)
        wanted = cmd.preferences
        if contact.preferences == wanted:
            return Decision()
        changed = stamp.make(
            ContactPreferencesChanged,
            customer_id=cmd.customer_id, contact_id=cmd.contact_id,
            shared_channels=wanted.shared_channels, inconvenient=wire_slots(wanted),
            inconvenient_channels=wanted.inconvenient_channels, requested_by=requested_by,
        )  # fmt: skip
        return Decision(events=[changed])

    return decide


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
