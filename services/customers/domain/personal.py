"""Personal data: who a customer and its contacts are and how to reach them.

It never enters an event. The application keeps it encrypted per customer; the domain
only compares it (is a repeated registration the same one?). ``repr`` hides every value,
so a traceback or a log line cannot leak it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ContactDetails(BaseModel):
    """How one contact is named and reached."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contact_id: str
    name: str = Field(repr=False)
    email: str | None = Field(default=None, repr=False)
    phone: str | None = Field(default=None, repr=False)


class CompanyDetails(BaseModel):
    """The company's trading name and addresses (a sole trader's are a person's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    trading_name: str | None = Field(default=None, repr=False)
    registered_address: dict[str, Any] = Field(repr=False)
    postal_address: dict[str, Any] | None = Field(default=None, repr=False)


class PersonalData(BaseModel):
    """A customer's personal data, as one encrypted record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customer_id: str
    legal_name: str = Field(repr=False)
    contacts: tuple[ContactDetails, ...] = ()
    company: CompanyDetails | None = None

    def contact(self, contact_id: str) -> ContactDetails | None:
        return next((c for c in self.contacts if c.contact_id == contact_id), None)
