"""Who reads personal data, and how much of it (PIPL art. 51, 54; GDPR art. 5(2), 30, 32).

Each role sees what its work needs: a collector phones and writes to debtors, an
administrator corrects records and answers access requests, notifications sends at the
moment of sending (``internal``) — they see names, e-mail addresses and phone numbers in
full. An auditor checks what was done, not whom to call: it sees them masked. A company's
legal name is company data and shown to every reader.

Every read in full is an access event: who (the API key's name and role), when, which
customer, why (the purpose the caller gave, else its role's), which fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.customers.domain.personal import ContactDetails, PersonalData
from shared.kernel.masking import mask_email, mask_name, mask_phone

Disclosure = Literal["full", "masked"]


FULL_READERS = frozenset({"admin", "collector", "internal"})
DEFAULT_PURPOSE = {
    "admin": "administration",
    "collector": "collection",
    "internal": "notification",
}
PERSONAL_FIELDS = ("contacts.name", "contacts.email", "contacts.phone")


def disclosure_for(role: str) -> Disclosure:
    """How much personal data ``role`` sees: every role not named above sees it masked."""
    return "full" if role in FULL_READERS else "masked"


def purpose_of(role: str, given: str | None) -> str:
    return given or DEFAULT_PURPOSE.get(role, "unspecified")


def masked(data: PersonalData) -> PersonalData:
    """``data`` with every contact's name, e-mail and phone masked."""
    return data.model_copy(update={"contacts": tuple(_masked(c) for c in data.contacts)})


def _masked(contact: ContactDetails) -> ContactDetails:
    return ContactDetails(
        contact_id=contact.contact_id,
        name=mask_name(contact.name),
        email=mask_email(contact.email) if contact.email else None,
        phone=mask_phone(contact.phone) if contact.phone else None,
    )


class PersonalDataRead(BaseModel):
    """One read of a customer's personal data in full: who, when, which customer, why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer_id: str
    read_by: str
    role: str
    purpose: str
    read_at: datetime
    fields: tuple[str, ...] = PERSONAL_FIELDS
    route: str
