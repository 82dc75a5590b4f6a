"""A customer from the ERP's master, as a CSV file's rows or one ingest entry carry it,
turned into the one command both feed: :class:`ImportCustomer` (idempotent by number).

The ingest entry is plain JSON (docs/credit-import.md): the basic information's fields
(``customer_id`` is the ERP's customer number) and its ``contacts``, e.g.
``{"type": "UpsertCustomer", "customer_id": "C-1001", "legal_name": "…", "registration":
{"country": "CN", "number": "91310115…"}, "registered_address": {…}, "jurisdiction": "cn",
"currency": "CNY", "contacts": [{"contact_ref": "P-1", "name": "…", …}]}``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from services.customers.domain.commands import MAX_CONTACTS, ImportCustomer, ImportedPerson
from services.customers.domain.credit.basic import BasicInformation
from services.customers.domain.credit.csv_rows import ImportedContact, ImportedCustomer
from services.customers.domain.master import ImportSource, MasterData
from services.customers.domain.state import Consent


class CustomerRecord(BasicInformation):
    """One ingest entry of ``hk:ingest:customers``: a customer and its contacts."""

    type: Literal["UpsertCustomer"]
    contacts: tuple[ImportedContact, ...] = Field(default=(), max_length=MAX_CONTACTS)

    def imported(self) -> ImportedCustomer:
        basic = BasicInformation.model_validate(self.model_dump(exclude={"type", "contacts"}))
        return ImportedCustomer(basic=basic, contacts=self.contacts)


def import_command(customer: ImportedCustomer, source: ImportSource) -> ImportCustomer:
    basic = customer.basic
    return ImportCustomer(
        customer_id=basic.customer_id, jurisdiction=basic.jurisdiction, currency=basic.currency,
        master_data=MasterData.of(basic), contacts=tuple(_person(c) for c in customer.contacts),
        source=source,
    )  # fmt: skip


def _person(contact: ImportedContact) -> ImportedPerson:
    return ImportedPerson(
        ref=contact.contact_ref, name=contact.name, email=contact.email, phone=contact.phone,
        language=contact.language, timezone=contact.timezone, role=contact.roles.role,
        business_roles=tuple(contact.roles.business_roles),
        consent=Consent(email="email" in contact.consent, sms="sms" in contact.consent),
    )  # fmt: skip
