"""What can be asked of the customer registry. Shapes only; the rules live in ``decide``."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.customers.domain.credit.contacts import ContactRoles
from services.customers.domain.holds import Reference
from services.customers.domain.master import BusinessRoles, ImportSource, MasterData, Ref
from services.customers.domain.personal import ContactDetails, PersonalData
from services.customers.domain.preferences import CeaseRequest, ContactPreferences, SourceCode
from services.customers.domain.state import Consent, ContactProfile, Registration
from services.customers.domain.values import (
    ConsentChannel,
    ConsentSource,
    ContactId,
    ContactRole,
    Currency,
    CustomerId,
    Email,
    Jurisdiction,
    Language,
    LegalName,
    PersonName,
    Phone,
    Segment,
    Timezone,
)
from shared.contracts.customers import ErasureBasis, LegalHoldReason

MAX_CONTACTS = 20


def contact_id_at(position: int) -> str:
    """Contacts are numbered by their place in the registration: ``ct-1``, ``ct-2``, …"""
    return f"ct-{position}"


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NewContact(_Command):
    """A person at (or for) the customer whom Huikuan may contact about its invoices."""

    name: PersonName = Field(repr=False)
    email: Email = Field(repr=False)
    phone: Phone | None = Field(default=None, repr=False)
    language: Language
    timezone: Timezone
    role: ContactRole
    consent: Consent
    represented_by_lawyer: bool = False
    business_roles: BusinessRoles = ()
    ref: Ref | None = Field(default=None, description="the ERP's id for the person")

    @model_validator(mode="after")
    def check_only_staff_hold_business_roles(self) -> Self:
        ContactRoles(role=self.role, business_roles=frozenset(self.business_roles))
        return self

    def profile(self, contact_id: str) -> ContactProfile:
        return ContactProfile(
            contact_id=contact_id, role=self.role, language=self.language,
            timezone=self.timezone, consent=self.consent,
            represented_by_lawyer=self.represented_by_lawyer,
            business_roles=self.business_roles, ref=self.ref,
        )  # fmt: skip

    def details(self, contact_id: str) -> ContactDetails:
        return ContactDetails(
            contact_id=contact_id, name=self.name, email=self.email, phone=self.phone
        )


class ContactUpdate(_Command):
    """A contact stated in full, but for its consent."""

    name: PersonName = Field(repr=False)
    email: Email = Field(repr=False)
    phone: Phone | None = Field(default=None, repr=False)
    language: Language
    timezone: Timezone
    role: ContactRole
    represented_by_lawyer: bool = False
    business_roles: BusinessRoles = ()
    ref: Ref | None = None

    @model_validator(mode="after")
    def check_only_staff_hold_business_roles(self) -> Self:
        ContactRoles(role=self.role, business_roles=frozenset(self.business_roles))
        return self


class RegisterCustomer(_Command):
    """Make a business customer (a debtor) and its contacts known to Huikuan."""

    customer_id: CustomerId
    legal_name: LegalName = Field(repr=False)
    jurisdiction: Jurisdiction
    currency: Currency
    segment: Segment = "standard"
    contacts: tuple[NewContact, ...] = Field(min_length=1, max_length=MAX_CONTACTS)

    def numbered(self) -> list[tuple[str, NewContact]]:
        return [(contact_id_at(i), c) for i, c in enumerate(self.contacts, start=1)]

    def registration(self) -> Registration:
        """What the registration says that is no personal data (it goes into the event)."""
        return Registration(
            jurisdiction=self.jurisdiction,
            currency=self.currency,
            segment=self.segment,
            contacts=tuple(c.profile(cid) for cid, c in self.numbered()),
        )

    def personal_data(self) -> PersonalData:
        """What the registration says that is personal data (it is kept encrypted)."""
        return PersonalData(
            customer_id=self.customer_id,
            legal_name=self.legal_name,
            contacts=tuple(c.details(cid) for cid, c in self.numbered()),
        )


class ChangeConsent(_Command):
    """A contact gave or withdrew consent to be reached on one channel."""

    customer_id: CustomerId
    contact_id: ContactId
    channel: ConsentChannel
    consent: bool
    source: ConsentSource


class RecordCeaseRequest(_Command):
    """R4: the contact asked in writing that contact cease; it arrived on ``received_on``."""

    customer_id: CustomerId
    contact_id: ContactId
    received_on: date
    source: SourceCode

    def request(self) -> CeaseRequest:
        return CeaseRequest(received_on=self.received_on, source=self.source)


class WithdrawCeaseRequest(_Command):
    """The contact withdrew its cease-contact request; the withdrawal arrived on ``received_on``."""

    customer_id: CustomerId
    contact_id: ContactId
    received_on: date
    source: SourceCode


class SetContactPreferences(_Command):
    """State, in full, the contact's shared channels and inconvenient times and channels."""

    customer_id: CustomerId
    contact_id: ContactId
    preferences: ContactPreferences


class PlaceLegalHold(_Command):
    """R8: keep the customer's data (refuse erasure) for ``reason``, e.g. litigation."""

    customer_id: CustomerId
    reason: LegalHoldReason
    reference: Reference = ""


class LiftLegalHold(_Command):
    """The legal hold no longer applies."""

    customer_id: CustomerId


class ErasePersonalData(_Command):
    """R8: erase the customer's personal data (destroy its data key) on ``basis``."""

    customer_id: CustomerId
    basis: ErasureBasis
    reference: Reference = ""


class SetMasterData(_Command):
    """Set or change the customer's company data (基本信息表)."""

    customer_id: CustomerId
    master_data: MasterData


class AddContact(_Command):
    """Add a contact to a registered customer; it gets the next free ``ct-N``."""

    customer_id: CustomerId
    contact: NewContact


class ChangeContact(_Command):
    """State a contact in full (its consent is changed by ``ChangeConsent`` only)."""

    customer_id: CustomerId
    contact_id: ContactId
    contact: ContactUpdate


class RemoveContact(_Command):
    """The person no longer represents the customer."""

    customer_id: CustomerId
    contact_id: ContactId


class ImportedPerson(NewContact):
    """A contact from the ERP's master: its ``ref`` is required, an e-mail address is not."""

    email: Email | None = Field(default=None, repr=False)  # type: ignore[assignment]
    ref: Ref


class ImportCustomer(_Command):
    """A customer as the ERP's master knows it (CSV or ingest stream), idempotent by its
    number: registers it, or changes what differs; contacts are matched by ``ref``."""

    customer_id: CustomerId
    jurisdiction: Jurisdiction
    currency: Currency
    master_data: MasterData
    contacts: tuple[ImportedPerson, ...] = Field(default=(), max_length=MAX_CONTACTS)
    source: ImportSource

    @model_validator(mode="after")
    def check_every_contact_has_a_distinct_ref(self) -> Self:
        refs = [c.ref for c in self.contacts]
        if len(set(refs)) != len(refs):
            raise ValueError("two contacts have the same ref")
        return self


Command = (
    RegisterCustomer
    | ChangeConsent
    | RecordCeaseRequest
    | WithdrawCeaseRequest
    | SetContactPreferences
    | PlaceLegalHold
    | LiftLegalHold
    | ErasePersonalData
    | SetMasterData
    | AddContact
    | ChangeContact
    | RemoveContact
    | ImportCustomer
)
