"""The columns of the customer import file and how a row becomes a customer and a contact.

One row per contact, the customer's columns repeated on each of its rows; a customer
without contacts has one row with the contact columns empty. Documented in
docs/credit-import.md. Lists inside a cell (business roles, consent) are ``;``-separated.
"""

from __future__ import annotations

from typing import Literal

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.basic import BasicInformation
from services.customers.domain.credit.contacts import ContactRoles
from services.customers.domain.credit.facts import Ref
from services.customers.domain.credit.text import PersonName
from services.customers.domain.values import Email, Language, Phone, Timezone

REQUIRED = (
    "customer_number", "legal_name", "registration_country", "registration_number",
    "jurisdiction", "currency", "registered_country", "registered_city",
    "registered_street_1",
)  # fmt: skip
_ADDRESS = ("country", "region", "city", "district", "street_1", "street_2", "postal_code")
CUSTOMER_COLUMNS = (
    *("customer_number", "legal_name", "trading_name", "registration_country"),
    *("registration_number", "jurisdiction", "currency", "segment", "group", "owner"),
    *("collector", "relationship_since"),
    *(f"registered_{part}" for part in _ADDRESS),
    *(f"mailing_{part}" for part in _ADDRESS),
)
CONTACT_COLUMNS = (
    "contact_ref", "contact_name", "contact_email", "contact_phone", "contact_language",
    "contact_timezone", "contact_role", "contact_business_roles", "contact_consent",
)  # fmt: skip
COLUMNS = frozenset(CUSTOMER_COLUMNS + CONTACT_COLUMNS)


class ImportedContact(Frozen):
    """A contact as the ERP knows it; ``contact_ref`` is the ERP's id for the person."""

    contact_ref: Ref
    name: PersonName
    email: Email | None = None
    phone: Phone | None = None
    language: Language
    timezone: Timezone
    roles: ContactRoles
    consent: frozenset[Literal["email", "sms"]] = frozenset()


class ImportRow(Frozen):
    """One line of the file: a customer, and a contact when the contact columns are filled."""

    basic: BasicInformation
    contact: ImportedContact | None = None


class ImportedCustomer(Frozen):
    """A customer of the import file with its contacts (by ``contact_ref``)."""

    basic: BasicInformation
    contacts: tuple[ImportedContact, ...] = ()


def _listed(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _address(row: dict[str, str], prefix: str) -> dict[str, object] | None:
    cells = {part: row.get(f"{prefix}_{part}", "") for part in _ADDRESS}
    if not any(cells.values()):
        return None
    street = [cells.pop(f"street_{n}") for n in (1, 2)]
    fields: dict[str, object] = {k: v for k, v in cells.items() if v}
    return {**fields, "street": [line for line in street if line]}


def basic_fields(row: dict[str, str]) -> dict[str, object]:
    """The customer's columns of ``row`` as ``BasicInformation`` fields (empty cells left out)."""
    names = ("legal_name", "trading_name", "jurisdiction", "currency", "segment", "group")
    fields: dict[str, object] = {k: row[k] for k in names if row.get(k)}
    fields |= {k: row[k] for k in ("owner", "collector", "relationship_since") if row.get(k)}
    fields["customer_id"] = row.get("customer_number", "")
    fields["registration"] = {
        "country": row.get("registration_country", ""),
        "number": row.get("registration_number", ""),
    }
    fields["registered_address"] = _address(row, "registered")
    if (postal := _address(row, "mailing")) is not None:
        fields["postal_address"] = postal
    return fields


def contact_fields(row: dict[str, str]) -> dict[str, object] | None:
    """The contact's columns of ``row`` as ``ImportedContact`` fields; None without a contact."""
    if not any(row.get(column) for column in CONTACT_COLUMNS):
        return None
    fields: dict[str, object] = {
        name: row[f"contact_{name}"]
        for name in ("ref", "name", "email", "phone", "language", "timezone")
        if row.get(f"contact_{name}")
    }
    fields["contact_ref"] = fields.pop("ref", "")
    fields["roles"] = {
        "role": row.get("contact_role") or "debtor_staff",
        "business_roles": _listed(row.get("contact_business_roles", "")),
    }
    fields["consent"] = _listed(row.get("contact_consent", ""))
    return fields


def column_of(loc: tuple[int | str, ...]) -> str:
    """The file's column a validation error's location points at."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    match parts:
        case ["basic", "registration", field, *_]:
            return f"registration_{field}"
        case ["basic", ("registered_address" | "postal_address") as which, *rest]:
            prefix = "registered" if which == "registered_address" else "mailing"
            field = "street_1" if rest[:1] == ["street"] else (rest or ["postal_code"])[0]
            return f"{prefix}_{field}"
        case ["basic", "customer_id", *_]:
            return "customer_number"
        case ["basic", field, *_]:
            return field
        case ["contact", "roles", *rest]:
            return "contact_business_roles" if rest[:1] == ["business_roles"] else "contact_role"
        case ["contact", "contact_ref", *_]:
            return "contact_ref"
        case ["contact", field, *_]:
            return f"contact_{field}"
    return "/".join(parts) or "row"
