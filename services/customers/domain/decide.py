"""The customer's decisions: ``decide(state, command, now, requested_by, on_file) -> Decision``.

``requested_by`` names who asked (an API key's name), kept in the events; ``on_file`` is
the personal data kept for the customer id, which a repeated registration must match.
A command that changes nothing (a repeated registration, consent, cease-contact request,
withdrawal, preferences, hold, lift or erasure) decides no events.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from services.customers.domain import erasure
from services.customers.domain import master_decide as master
from services.customers.domain.checks import (
    check_letter_arrived_by_now,
    check_repeated_registration_is_identical,
    require_contact,
    require_registered,
)
from services.customers.domain.commands import (
    AddContact,
    ChangeConsent,
    ChangeContact,
    Command,
    ErasePersonalData,
    ImportCustomer,
    LiftLegalHold,
    PlaceLegalHold,
    RecordCeaseRequest,
    RegisterCustomer,
    RemoveContact,
    SetContactPreferences,
    SetMasterData,
    WithdrawCeaseRequest,
)
from services.customers.domain.errors import WithdrawalBeforeRequest
from services.customers.domain.jurisdictions import check_jurisdiction_is_served
from services.customers.domain.personal import PersonalData
from services.customers.domain.preferences import wire_slots
from services.customers.domain.state import CustomerState, contact_codes
from shared.contracts.customers import (
    ContactCeaseRequested,
    ContactCeaseWithdrawn,
    ContactConsentChanged,
    ContactPreferencesChanged,
    CustomerRegistered,
)
from shared.kernel import Decision, new_event


def decide(
    state: CustomerState,
    command: Command,
    now: datetime,
    requested_by: str | None = None,
    on_file: PersonalData | None = None,
) -> Decision:
    """The events ``command`` leads to for this customer."""
    match command:
        case RegisterCustomer():
            return register_customer(state, command, now, requested_by, on_file)
        case ChangeConsent():
            return change_consent(state, command, now, requested_by)
        case RecordCeaseRequest():
            return record_cease_request(state, command, now, requested_by)
        case WithdrawCeaseRequest():
            return withdraw_cease_request(state, command, now, requested_by)
        case SetContactPreferences():
            return set_contact_preferences(state, command, now, requested_by)
        case PlaceLegalHold():
            return erasure.place_legal_hold(state, command, now, requested_by)
        case LiftLegalHold():
            return erasure.lift_legal_hold(state, command, now, requested_by)
        case ErasePersonalData():
            return erasure.erase_personal_data(state, command, now, requested_by)
        case SetMasterData():
            return master.set_master_data(state, command, now, requested_by, on_file)
        case AddContact():
            return master.add_contact(state, command, now, requested_by)
        case ChangeContact():
            return master.change_contact(state, command, now, requested_by, on_file)
        case RemoveContact():
            return master.remove_contact(state, command, now, requested_by)
        case ImportCustomer():
            return master.import_customer(state, command, now, requested_by, on_file)
        case _:
            assert_never(command)


def register_customer(
    state: CustomerState,
    cmd: RegisterCustomer,
    now: datetime,
    requested_by: str | None,
    on_file: PersonalData | None,
) -> Decision:
    """Register once: the same registration again is a no-op, other data a conflict."""
    if state.customer is not None:
        check_repeated_registration_is_identical(state.customer, on_file, cmd)
        return Decision()
    check_jurisdiction_is_served(cmd.jurisdiction)
    registration = cmd.registration()
    registered = new_event(
        CustomerRegistered,
        now,
        customer_id=cmd.customer_id,
        jurisdiction=registration.jurisdiction,
        currency=registration.currency,
        segment=registration.segment,
        contact_ids=tuple(c.contact_id for c in registration.contacts),
        contacts=tuple(contact_codes(c) for c in registration.contacts),
        requested_by=requested_by,
    )
    return Decision(events=[registered])


def change_consent(
    state: CustomerState, cmd: ChangeConsent, now: datetime, requested_by: str | None
) -> Decision:
    """Record a contact's consent on a channel, unless it already stands that way."""
    contact = require_contact(require_registered(state), cmd.contact_id)
    if getattr(contact.consent, cmd.channel) == cmd.consent:
        return Decision()
    changed = new_event(ContactConsentChanged, now, **cmd.model_dump(), requested_by=requested_by)
    return Decision(events=[changed])


def record_cease_request(
    state: CustomerState, cmd: RecordCeaseRequest, now: datetime, requested_by: str | None
) -> Decision:
    """R4: record a written cease-contact request, unless one already stands."""
    contact = require_contact(require_registered(state), cmd.contact_id)
    check_letter_arrived_by_now(cmd.received_on, now)
    if contact.cease is not None:
        return Decision()
    requested = new_event(ContactCeaseRequested, now, **cmd.model_dump(), requested_by=requested_by)
    return Decision(events=[requested])


def withdraw_cease_request(
    state: CustomerState, cmd: WithdrawCeaseRequest, now: datetime, requested_by: str | None
) -> Decision:
    """Record that the contact withdrew its cease-contact request, if one stands."""
    contact = require_contact(require_registered(state), cmd.contact_id)
    check_letter_arrived_by_now(cmd.received_on, now)
    if contact.cease is None:
        return Decision()
    if cmd.received_on < contact.cease.received_on:
        raise WithdrawalBeforeRequest(
            f"the request of {cmd.contact_id} arrived on {contact.cease.received_on}, "
            f"after the withdrawal ({cmd.received_on})"
        )
    withdrawn = new_event(ContactCeaseWithdrawn, now, **cmd.model_dump(), requested_by=requested_by)
    return Decision(events=[withdrawn])


def set_contact_preferences(
    state: CustomerState, cmd: SetContactPreferences, now: datetime, requested_by: str | None
) -> Decision:
    """State a contact's shared and inconvenient channels and times, unless they already hold."""
    contact = require_contact(require_registered(state), cmd.contact_id)
    wanted = cmd.preferences
    if contact.preferences == wanted:
        return Decision()
    changed = new_event(
        ContactPreferencesChanged, now,
        customer_id=cmd.customer_id, contact_id=cmd.contact_id,
        shared_channels=wanted.shared_channels, inconvenient=wire_slots(wanted),
        inconvenient_channels=wanted.inconvenient_channels, requested_by=requested_by,
    )  # fmt: skip
    return Decision(events=[changed])
