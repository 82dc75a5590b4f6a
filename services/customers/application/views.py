"""What the API answers. Views that carry personal data hide it from ``repr``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.customers.domain.access import Disclosure, PersonalDataRead
from services.customers.domain.holds import ERASED, Erasure, LegalHold
from services.customers.domain.master import company_view
from services.customers.domain.personal import ContactDetails, PersonalData
from services.customers.domain.preferences import CeaseRequest, Slot
from services.customers.domain.state import Consent, ContactProfile, Customer
from shared.contracts.customers import (
    Channel,
    ContactRole,
    Jurisdiction,
    Language,
)


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class RegistrationView(View):
    """A registration's result; a repeated identical registration answers the same."""

    customer_id: str
    jurisdiction: Jurisdiction
    currency: str
    segment: str
    contact_ids: tuple[str, ...]
    registered_at: datetime

    @classmethod
    def of(cls, customer: Customer) -> RegistrationView:
        registration = customer.registration
        return cls(
            customer_id=customer.customer_id, jurisdiction=registration.jurisdiction,
            currency=registration.currency, segment=registration.segment,
            contact_ids=tuple(c.contact_id for c in registration.contacts),
            registered_at=customer.registered_at,
        )  # fmt: skip


class ContactView(View):
    """A contact with its details; ``name`` / ``email`` / ``phone`` are None when none is
    on file (the contact book of an erased customer), ``[erased]`` in an erased profile.

    ``cease_contact`` (R4), ``shared_channels`` (R6), ``inconvenient`` and
    ``inconvenient_channels`` (R9) are what the notifications gate checks.
    """

    contact_id: str
    name: str | None = Field(repr=False)
    email: str | None = Field(repr=False)
    phone: str | None = Field(repr=False)
    language: Language
    timezone: str
    role: ContactRole
    consent: Consent
    represented_by_lawyer: bool
    cease_contact: bool
    shared_channels: tuple[Channel, ...]
    inconvenient: tuple[Slot, ...]
    inconvenient_channels: tuple[Channel, ...]

    @classmethod
    def of(cls, profile: ContactProfile, personal: PersonalData | None) -> ContactView:
        details = personal.contact(profile.contact_id) if personal else None
        return cls(
            name=details.name if details else None,
            email=details.email if details else None,
            phone=details.phone if details else None,
            **_codes(profile),
        )


def erased_details(customer: Customer) -> PersonalData:
    """What an erased customer's profile shows in place of its personal data."""
    return PersonalData(
        customer_id=customer.customer_id,
        legal_name=ERASED,
        contacts=tuple(
            ContactDetails(contact_id=c.contact_id, name=ERASED, email=ERASED, phone=ERASED)
            for c in customer.contacts
        ),
    )


class ProfileContactView(ContactView):
    """A contact as collectors see it: also when and how a cease-contact request came, the
    business roles the person holds at the debtor and the ERP's id for them."""

    cease_request: CeaseRequest | None
    business_roles: tuple[str, ...] = ()
    ref: str | None = None

    @classmethod
    def of(cls, profile: ContactProfile, personal: PersonalData | None) -> ProfileContactView:
        view = ContactView.of(profile, personal)
        return cls(**dict(view), cease_request=profile.cease,
                   business_roles=profile.business_roles, ref=profile.ref)  # fmt: skip


def _codes(profile: ContactProfile) -> dict[str, object]:
    return {
        **profile.model_dump(exclude={"cease", "preferences"}),
        "cease_contact": profile.cease is not None,
        **dict(profile.preferences),
    }


def contact_views(customer: Customer, personal: PersonalData | None) -> tuple[ContactView, ...]:
    return tuple(ContactView.of(c, personal) for c in customer.contacts)


class ContactBook(View):
    """What notifications needs at the moment of sending (the only way out for contacts).

    An erased customer's contacts come without name or addresses: nothing to send to.
    """

    customer_id: str
    jurisdiction: Jurisdiction
    contacts: tuple[ContactView, ...]

    @classmethod
    def of(cls, customer: Customer, personal: PersonalData | None) -> ContactBook:
        return cls(
            customer_id=customer.customer_id,
            jurisdiction=customer.registration.jurisdiction,
            contacts=contact_views(customer, None if customer.erasure else personal),
        )


class CustomerProfile(View):
    """A customer with its contacts, for collectors and auditors, and its erasure if any
    (then names and addresses read ``[erased]``). A legal hold is read on its own route.

    ``contact_details`` says how the contacts' names, e-mail addresses and phone numbers
    are shown to this reader: ``full``, ``masked`` (auditors) or ``erased``."""

    customer_id: str
    legal_name: str | None = Field(repr=False)
    jurisdiction: Jurisdiction
    currency: str
    segment: str
    registered_at: datetime
    version: int
    contacts: tuple[ProfileContactView, ...]
    contact_details: Literal["full", "masked", "erased"] = "full"
    master_data: dict[str, Any] | None = Field(default=None, repr=False)
    erasure: Erasure | None = None

    @classmethod
    def of(
        cls,
        customer: Customer,
        personal: PersonalData | None,
        version: int,
        shown: Disclosure = "full",
    ) -> CustomerProfile:
        registration = customer.registration
        if customer.erasure is not None:
            personal = erased_details(customer)
        return cls(
            contact_details="erased" if customer.erasure else shown,
            customer_id=customer.customer_id,
            legal_name=_legal_name(customer, personal),
            jurisdiction=registration.jurisdiction, currency=registration.currency,
            segment=customer.segment, registered_at=customer.registered_at,
            version=version,
            contacts=tuple(ProfileContactView.of(c, personal) for c in customer.contacts),
            erasure=customer.erasure,
            master_data=company_view(customer.master_data, personal),
        )  # fmt: skip


def _legal_name(customer: Customer, personal: PersonalData | None) -> str | None:
    """The company's name on file (its master data's once set)."""
    return personal.legal_name if personal else None


class ConsentView(View):
    """A contact's consent per channel after a consent command."""

    customer_id: str
    contact_id: str
    consent: Consent


class ContactPreferencesView(View):
    """A contact's cease-contact request and preferences after a command that sets them."""

    customer_id: str
    contact_id: str
    cease_contact: bool
    cease_request: CeaseRequest | None
    shared_channels: tuple[Channel, ...]
    inconvenient: tuple[Slot, ...]
    inconvenient_channels: tuple[Channel, ...]

    @classmethod
    def of(cls, customer_id: str, profile: ContactProfile) -> ContactPreferencesView:
        return cls(
            customer_id=customer_id, contact_id=profile.contact_id,
            cease_contact=profile.cease is not None, cease_request=profile.cease,
            **dict(profile.preferences),
        )  # fmt: skip


class LegalHoldView(View):
    """The legal hold that stands on a customer, or None."""

    customer_id: str
    legal_hold: LegalHold | None


class ErasureView(View):
    """A customer's erasure: on what basis, by whom and when its personal data was erased."""

    customer_id: str
    erasure: Erasure


class AccessLogView(View):
    """Reads of a customer's personal data in full, newest first."""

    customer_id: str
    reads: tuple[PersonalDataRead, ...]
