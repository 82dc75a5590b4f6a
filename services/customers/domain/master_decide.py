"""Decisions on master data and contacts: set the company data, add, change and remove
contacts, and import a customer from the ERP's master (register it, or change what differs).

Each decision names who asked (``requested_by``) and where it came from (``source``). A
command that changes nothing decides no events, so importing the same file twice, or
re-sending the same ingest entry, appends nothing. Personal data (names, e-mail, phone)
never enters an event: a change names the field, never its value. ``personal_data_after``
gives the record the vault keeps for the same decision.
"""

from __future__ import annotations

from datetime import datetime

from services.customers.domain.checks import require_contact, require_registered
from services.customers.domain.commands import (
    AddContact,
    ChangeContact,
    ContactUpdate,
    ImportCustomer,
    NewContact,
    RemoveContact,
    SetMasterData,
    contact_id_at,
)
from services.customers.domain.errors import CustomerErased, CustomerRegistrationConflict
from services.customers.domain.jurisdictions import check_jurisdiction_is_served
from services.customers.domain.master import MasterData, Source, changed_fields
from services.customers.domain.personal import ContactDetails, PersonalData
from services.customers.domain.state import (
    ContactProfile,
    Customer,
    CustomerState,
    Registration,
    contact_codes,
)
from shared.contracts import Event
from shared.contracts.customers import (
    ContactAdded,
    ContactChanged,
    ContactRemoved,
    CustomerMasterDataChanged,
    CustomerRegistered,
)
from shared.kernel import Decision, new_event

CODE_FIELDS = ("role", "language", "timezone", "represented_by_lawyer", "business_roles", "ref")
PERSONAL_FIELDS = ("name", "email", "phone")


def set_master_data(
    state: CustomerState,
    cmd: SetMasterData,
    now: datetime,
    requested_by: str | None,
    on_file: PersonalData | None,
) -> Decision:
    customer = require_registered(state)
    check_not_erased(customer)
    events = _master_data(customer, cmd.master_data, on_file, now, requested_by, "api")
    return Decision(events=events)


def _master_data(
    customer: Customer,
    wanted: MasterData,
    on_file: PersonalData | None,
    now: datetime,
    by: str | None,
    source: Source,
) -> list[Event]:
    changed = changed_fields(customer.master_data, on_file, wanted)
    if not changed:
        return []
    return [new_event(CustomerMasterDataChanged, now, customer_id=customer.customer_id,
                      master_data=wanted.published(), changed=changed, source=source,
                      requested_by=by)]  # fmt: skip


def add_contact(
    state: CustomerState, cmd: AddContact, now: datetime, requested_by: str | None
) -> Decision:
    customer = require_registered(state)
    check_not_erased(customer)
    _check_ref_is_free(customer, cmd.contact.ref, None)
    return Decision(events=[_added(customer, cmd.contact, now, requested_by, "api")])


def _added(
    customer: Customer, contact: NewContact, now: datetime, by: str | None, source: Source
) -> Event:
    profile = contact.profile(contact_id_at(customer.contacts_ever + 1))
    return new_event(ContactAdded, now, customer_id=customer.customer_id,
                     contact=contact_codes(profile), source=source, requested_by=by)  # fmt: skip


def change_contact(
    state: CustomerState,
    cmd: ChangeContact,
    now: datetime,
    requested_by: str | None,
    on_file: PersonalData | None,
) -> Decision:
    customer = require_registered(state)
    before = require_contact(customer, cmd.contact_id)
    check_not_erased(customer)
    _check_ref_is_free(customer, cmd.contact.ref, cmd.contact_id)
    event = _changed(customer, before, cmd.contact, on_file, now, requested_by, "api")
    return Decision(events=[event] if event else [])


def _changed(
    customer: Customer,
    before: ContactProfile,
    after: ContactUpdate | NewContact,
    on_file: PersonalData | None,
    now: datetime,
    by: str | None,
    source: Source,
) -> Event | None:
    old = before.model_dump(include=set(CODE_FIELDS))
    new = after.model_dump(include=set(CODE_FIELDS))
    details = on_file.contact(before.contact_id) if on_file else None
    had = details.model_dump(include=set(PERSONAL_FIELDS)) if details else {}
    has = after.model_dump(include=set(PERSONAL_FIELDS))
    changed = tuple(f for f in CODE_FIELDS if old[f] != new[f])
    changed += tuple(f for f in PERSONAL_FIELDS if had.get(f) != has[f])
    if not changed:
        return None
    profile = before.model_copy(update=new)
    return new_event(ContactChanged, now, customer_id=customer.customer_id,
                     contact=contact_codes(profile), changed=changed, source=source,
                     requested_by=by)  # fmt: skip


def remove_contact(
    state: CustomerState, cmd: RemoveContact, now: datetime, requested_by: str | None
) -> Decision:
    """Remove the contact; removing one already gone changes nothing."""
    customer = require_registered(state)
    if customer.contact(cmd.contact_id) is None:
        return Decision()
    removed = new_event(ContactRemoved, now, customer_id=cmd.customer_id,
                        contact_id=cmd.contact_id, requested_by=requested_by)  # fmt: skip
    return Decision(events=[removed])


def check_not_erased(customer: Customer) -> None:
    """An erased customer's contacts are not given new personal data."""
    if customer.erasure is not None:
        raise CustomerErased(
            f"customer {customer.customer_id}'s personal data was erased on "
            f"{customer.erasure.erased_at:%Y-%m-%d}: no contact details are kept for it again"
        )


def _check_ref_is_free(customer: Customer, ref: str | None, contact_id: str | None) -> None:
    holder = customer.contact_by_ref(ref) if ref else None
    if holder is not None and holder.contact_id != contact_id:
        raise CustomerRegistrationConflict(
            f"contact ref {ref} is already {holder.contact_id} of {customer.customer_id}"
        )


def import_customer(
    state: CustomerState,
    cmd: ImportCustomer,
    now: datetime,
    requested_by: str | None,
    on_file: PersonalData | None,
) -> Decision:
    """Register the customer with its master data and contacts, or change what differs.
    A contact is matched by its ``ref``; one missing from the import is kept, and an
    existing contact's consent is not changed by an import (the contact gives it)."""
    if state.customer is None:
        return Decision(events=_import_new(state.customer_id, cmd, now, requested_by))
    customer = state.customer
    _check_registration_matches(customer, cmd)
    if cmd.contacts:
        check_not_erased(customer)
    check_not_erased(customer)
    events = _master_data(customer, cmd.master_data, on_file, now, requested_by, cmd.source)
    added = 0
    for person in cmd.contacts:
        before = customer.contact_by_ref(person.ref)
        if before is None:
            later = customer.model_copy(update={"contacts_ever": customer.contacts_ever + added})
            events.append(_added(later, person, now, requested_by, cmd.source))
            added += 1
            continue
        event = _changed(customer, before, person, on_file, now, requested_by, cmd.source)
        events += [event] if event else []
    return Decision(events=events)


def _import_new(
    customer_id: str, cmd: ImportCustomer, now: datetime, by: str | None
) -> list[Event]:
    check_jurisdiction_is_served(cmd.jurisdiction)
    registered = new_event(CustomerRegistered, now, customer_id=customer_id,
                           jurisdiction=cmd.jurisdiction, currency=cmd.currency,
                           segment=cmd.master_data.segment, requested_by=by)  # fmt: skip
    customer = Customer(customer_id=customer_id, registration=_registration(cmd),
                        registered_at=now, contacts=())  # fmt: skip
    events: list[Event] = [registered]
    events += _master_data(customer, cmd.master_data, None, now, by, cmd.source)
    for i, person in enumerate(cmd.contacts):
        at = customer.model_copy(update={"contacts_ever": i})
        events.append(_added(at, person, now, by, cmd.source))
    return events


def _registration(cmd: ImportCustomer) -> Registration:
    return Registration(jurisdiction=cmd.jurisdiction, currency=cmd.currency,
                        segment=cmd.master_data.segment, contacts=())  # fmt: skip


def _check_registration_matches(customer: Customer, cmd: ImportCustomer) -> None:
    registration = customer.registration
    differing = [
        name
        for name, was, now in (
            ("jurisdiction", registration.jurisdiction, cmd.jurisdiction),
            ("currency", registration.currency, cmd.currency),
        )
        if was != now
    ]
    if differing:
        raise CustomerRegistrationConflict(
            f"customer {customer.customer_id} is registered with another "
            f"{' and '.join(differing)}: an import does not change it"
        )


def personal_data_after(
    state: CustomerState,
    decision: Decision,
    cmd: ImportCustomer | AddContact | ChangeContact | SetMasterData,
    on_file: PersonalData | None,
) -> PersonalData:
    """The personal data record once ``decision``'s contacts are added or changed."""
    contacts = {c.contact_id: c for c in (on_file.contacts if on_file else ())}
    for event in decision.events:
        if isinstance(event, ContactAdded | ContactChanged):
            person = _person(cmd, event.contact.ref)
            cid = event.contact.contact_id
            contacts[cid] = ContactDetails(
                contact_id=cid, name=person.name, email=person.email, phone=person.phone
            )
    legal_name = on_file.legal_name if on_file else ""
    company = on_file.company if on_file else None
    if isinstance(cmd, ImportCustomer | SetMasterData):
        legal_name, company = cmd.master_data.legal_name, cmd.master_data.company()
    return PersonalData(customer_id=state.customer_id, legal_name=legal_name,
                        contacts=tuple(contacts.values()), company=company)  # fmt: skip


def _person(
    cmd: ImportCustomer | AddContact | ChangeContact | SetMasterData, ref: str | None
) -> NewContact | ContactUpdate:
    if isinstance(cmd, ImportCustomer):
        return next(c for c in cmd.contacts if c.ref == ref)
    if isinstance(cmd, SetMasterData):
        raise ValueError("setting master data adds no contact")
    return cmd.contact
