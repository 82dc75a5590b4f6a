"""基本信息表: who the customer is — company data, not personal data, so it may travel.

People (the legal representative, accounts payable…) are contacts, kept encrypted in
the registry; this table names none of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from services.customers.domain.credit.address import Address, mailing_address
from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.registration import RegistrationNumber
from services.customers.domain.credit.text import CompanyName
from shared.contracts.customers import Jurisdiction
from shared.contracts.money import Currency

CustomerId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
UserName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.@-]{1,64}$")]
Segment = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,32}$")]


class BasicInformation(Frozen):
    """The customer's identity and who looks after it; ``group`` is the parent company."""

    customer_id: CustomerId
    legal_name: CompanyName
    trading_name: CompanyName | None = None
    registration: RegistrationNumber
    registered_address: Address
    postal_address: Address | None = None
    group: CustomerId | None = Field(default=None, description="parent company's customer id")
    owner: UserName | None = Field(default=None, description="the sales rep who owns it")
    collector: UserName | None = Field(default=None, description="the assigned collector")
    jurisdiction: Jurisdiction
    currency: Currency
    segment: Segment = "standard"
    relationship_since: dt.date | None = Field(default=None, description="first trade")

    @model_validator(mode="after")
    def _not_its_own_parent(self) -> BasicInformation:
        if self.group == self.customer_id:
            raise ValueError("a customer cannot be its own parent company")
        return self

    @property
    def letters_to(self) -> Address:
        """The address a letter is posted to."""
        return mailing_address(self.registered_address, self.postal_address)

    def changes_from(self, before: BasicInformation) -> tuple[str, ...]:
        """The fields that differ from ``before`` (what a master-data change event names)."""
        old, new = before.model_dump(), self.model_dump()
        return tuple(name for name in type(self).model_fields if old[name] != new[name])
