"""A customer as its events made it: ``evolve`` folds events into ``CustomerState``.

The state holds no personal data: contacts are ids with codes (role, language, zone,
consent, cease request, preferences). Names and addresses live encrypted outside the
event stream.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.customers.domain.holds import Erasure, LegalHold
from services.customers.domain.preferences import (
    NO_PREFERENCES,
    CeaseRequest,
    ContactPreferences,
    preferences_of,
)
from services.customers.domain.values import ConsentChannel
from shared.contracts import Event
from shared.contracts.customers import (
    BusinessRole,
    CompanyMasterData,
    ContactAdded,
    ContactCeaseRequested,
    ContactCeaseWithdrawn,
    ContactChanged,
    ContactCodes,
    ContactConsentChanged,
    ContactPreferencesChanged,
    ContactRemoved,
    ContactRole,
    CustomerMasterDataChanged,
    CustomerRegistered,
    ErasureRefused,
    Jurisdiction,
    Language,
    LegalHoldLifted,
    LegalHoldPlaced,
    PersonalDataErased,
    RegisteredContact,
)
from shared.kernel.errors import CorruptHistory

AGGREGATE_TYPE = "customer"
CONSENT_CHANNELS: tuple[ConsentChannel, ...] = ("email", "sms")


class Consent(BaseModel):
    """Whether the contact agreed to be reached by e-mail and by SMS."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: bool
    sms: bool

    def granted(self) -> tuple[ConsentChannel, ...]:
        return tuple(channel for channel in CONSENT_CHANNELS if getattr(self, channel))

    def with_channel(self, channel: str, consent: bool) -> Consent:
        if channel not in type(self).model_fields:
            return self  # channels without consent (letter, webhook) are not recorded here
        return self.model_copy(update={channel: consent})


class ContactProfile(BaseModel):
    """A contact as the domain knows it: an id and codes, never who they are."""

    model_config = ConfigDict(frozen=True)

    contact_id: str
    role: ContactRole
    language: Language
    timezone: str
    consent: Consent
    represented_by_lawyer: bool = False
    cease: CeaseRequest | None = None
    preferences: ContactPreferences = NO_PREFERENCES
    business_roles: tuple[BusinessRole, ...] = ()
    ref: str | None = None


class Registration(BaseModel):
    """The customer's registration as it was registered (what a repeat must match)."""

    model_config = ConfigDict(frozen=True)

    jurisdiction: Jurisdiction
    currency: str
    segment: str
    contacts: tuple[ContactProfile, ...]


class Customer(BaseModel):
    """A registered customer: its registration and its contacts as they are now, the legal
    hold that stands (if any) and, once erased, when and why its personal data was."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    registration: Registration
    registered_at: datetime
    contacts: tuple[ContactProfile, ...]
    legal_hold: LegalHold | None = None
    erasure: Erasure | None = None
    master_data: CompanyMasterData | None = None  # its names and addresses are in the vault
    contacts_ever: int = 0  # contact ids are never reused: the next is ct-<contacts_ever + 1>

    def contact(self, contact_id: str) -> ContactProfile | None:
        return next((c for c in self.contacts if c.contact_id == contact_id), None)

    def contact_by_ref(self, ref: str) -> ContactProfile | None:
        return next((c for c in self.contacts if c.ref == ref), None)

    @property
    def segment(self) -> str:
        """The segment now: the master data's once set, else the registration's."""
        return self.master_data.segment if self.master_data else self.registration.segment


class CustomerState(BaseModel):
    """The aggregate's state: ``customer`` is None until the id is registered."""

    model_config = ConfigDict(frozen=True)

    customer_id: str
    customer: Customer | None = None


def initial(customer_id: str) -> CustomerState:
    return CustomerState(customer_id=customer_id)


def evolve(state: CustomerState, event: Event) -> CustomerState:
    """The state after ``event``: one case per event the customer stores."""
    match event:
        case CustomerRegistered():
            return state.model_copy(update={"customer": _registered(event)})
        case LegalHoldPlaced():
            return _changed(state, event, legal_hold=_hold(event))
        case LegalHoldLifted():
            return _changed(state, event, legal_hold=None)
        case PersonalDataErased():
            return _changed(state, event, erasure=_erasure(event))
        case ErasureRefused():
            return _changed(state, event)  # a refused erasure changes nothing
        case ContactConsentChanged():
            contact = _registered_before(state, event).contact(event.contact_id)
            consent = (
                contact.consent.with_channel(event.channel, event.consent) if contact else None
            )
            return _contact_changed(state, event, consent=consent)
        case ContactCeaseRequested():
            cease = CeaseRequest(received_on=event.received_on, source=event.source)
            return _contact_changed(state, event, cease=cease)
        case ContactCeaseWithdrawn():
            return _contact_changed(state, event, cease=None)
        case ContactPreferencesChanged():
            return _contact_changed(state, event, preferences=preferences_of(event))
        case CustomerMasterDataChanged():
            return _changed(state, event, master_data=event.master_data)
        case ContactAdded():
            return _contact_added(state, event)
        case ContactChanged():
            return _contact_replaced(state, event)
        case ContactRemoved():
            customer = _registered_before(state, event)
            contacts = tuple(c for c in customer.contacts if c.contact_id != event.contact_id)
            return _changed(state, event, contacts=contacts)
        case _:
            return _changed(state, event)


def _hold(event: LegalHoldPlaced) -> LegalHold:
    return LegalHold(reason=event.reason, reference=event.reference,
                     placed_by=event.requested_by, placed_at=event.occurred_at)  # fmt: skip


def _erasure(event: PersonalDataErased) -> Erasure:
    return Erasure(basis=event.basis, reference=event.reference,
                   erased_by=event.requested_by, erased_at=event.occurred_at)  # fmt: skip


def _registered_before(state: CustomerState, event: Event) -> Customer:
    if state.customer is None:
        raise CorruptHistory(f"{event.type} before CustomerRegistered on {state.customer_id}")
    return state.customer


def _changed(state: CustomerState, event: Event, **update: Any) -> CustomerState:
    customer = _registered_before(state, event)
    return state.model_copy(update={"customer": customer.model_copy(update=update)})


def _contact_changed(state: CustomerState, event: Event, **update: Any) -> CustomerState:
    customer = _registered_before(state, event)
    contact_id = str(getattr(event, "contact_id", ""))
    if customer.contact(contact_id) is None:
        raise CorruptHistory(f"no contact {contact_id} on {customer.customer_id}")
    contacts = tuple(
        c.model_copy(update=update) if c.contact_id == contact_id else c for c in customer.contacts
    )
    return state.model_copy(update={"customer": customer.model_copy(update={"contacts": contacts})})


def _contact_added(state: CustomerState, event: ContactAdded) -> CustomerState:
    customer = _registered_before(state, event)
    profile = _profile(event.contact)
    return _changed(state, event, contacts=(*customer.contacts, profile),
                    contacts_ever=customer.contacts_ever + 1)  # fmt: skip


def _contact_replaced(state: CustomerState, event: ContactChanged) -> CustomerState:
    customer = _registered_before(state, event)
    before = customer.contact(event.contact.contact_id)
    if before is None:
        raise CorruptHistory(f"no contact {event.contact.contact_id} on {customer.customer_id}")
    after = _profile(event.contact).model_copy(
        update={"consent": before.consent, "cease": before.cease, "preferences": before.preferences}
    )
    contacts = tuple(after if c.contact_id == after.contact_id else c for c in customer.contacts)
    return _changed(state, event, contacts=contacts)


def _registered(event: CustomerRegistered) -> Customer:
    contacts = tuple(_profile(c) for c in event.contacts)
    registration = Registration(
        jurisdiction=event.jurisdiction,
        currency=event.currency,
        segment=event.segment,
        contacts=contacts,
    )
    return Customer(
        customer_id=event.customer_id,
        registration=registration,
        registered_at=event.occurred_at,
        contacts=contacts,
        contacts_ever=len(contacts),
    )


def _profile(contact: RegisteredContact) -> ContactProfile:
    granted = set(contact.consented_channels)
    extra = contact.model_dump(include={"business_roles", "ref"})
    return ContactProfile(
        contact_id=contact.contact_id,
        role=contact.role,
        language=contact.language,
        timezone=contact.timezone,
        consent=Consent(email="email" in granted, sms="sms" in granted),
        represented_by_lawyer=contact.represented_by_lawyer,
        **extra,
    )


def registered_contact(profile: ContactProfile) -> RegisteredContact:
    """The integration event's view of a contact profile."""
    return RegisteredContact(
        contact_id=profile.contact_id,
        role=profile.role,
        language=profile.language,
        timezone=profile.timezone,
        consented_channels=profile.consent.granted(),
        represented_by_lawyer=profile.represented_by_lawyer,
    )


def contact_codes(profile: ContactProfile) -> ContactCodes:
    """The integration event's view of a contact with its business roles and ERP id."""
    return ContactCodes(
        **registered_contact(profile).model_dump(),
        business_roles=profile.business_roles,
        ref=profile.ref,
    )
