"""The customer's master data as its commands carry it: company data (基本信息表) checked
by the credit file's values (统一社会信用代码, addresses for letters, hostile text refused),
and how it reads in the integration events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from services.customers.domain.credit.address import Address
from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.basic import BasicInformation, CustomerId, Segment, UserName
from services.customers.domain.credit.contacts import BusinessRole
from services.customers.domain.credit.registration import RegistrationNumber
from services.customers.domain.credit.text import CompanyName
from shared.contracts.customers import CompanyAddress, CompanyMasterData

Ref = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:/-]{1,64}$")]
ImportSource = Literal["csv", "ingest"]
Source = Literal["api", "csv", "ingest"]


def _sorted_roles(roles: tuple[BusinessRole, ...]) -> tuple[BusinessRole, ...]:
    return tuple(sorted(set(roles)))


BusinessRoles = Annotated[tuple[BusinessRole, ...], AfterValidator(_sorted_roles)]


class MasterData(Frozen):
    """The company: names, registration number, addresses, group, owner and collector."""

    legal_name: CompanyName
    trading_name: CompanyName | None = None
    registration: RegistrationNumber
    registered_address: Address
    postal_address: Address | None = Field(
        default=None, description="letters go here when given, else to the registered address"
    )
    group: CustomerId | None = Field(default=None, description="the parent company's id")
    owner: UserName | None = Field(default=None, description="the sales rep who owns it")
    collector: UserName | None = Field(default=None, description="the assigned collector")
    segment: Segment = "standard"
    relationship_since: dt.date | None = Field(default=None, description="first trade")

    @classmethod
    def of(cls, basic: BasicInformation) -> MasterData:
        return cls.model_validate(basic.model_dump(exclude={"customer_id", "jurisdiction",
                                                            "currency"}))  # fmt: skip

    def published(self) -> CompanyMasterData:
        """The integration event's view (company data only)."""
        return CompanyMasterData(
            legal_name=self.legal_name, trading_name=self.trading_name,
            registration_country=self.registration.country,
            registration_number=self.registration.number,
            registration_scheme="cn_uscc" if self.registration.country == "CN" else "national",
            registered_address=_address(self.registered_address),
            postal_address=_address(self.postal_address) if self.postal_address else None,
            group=self.group, owner=self.owner, collector=self.collector,
            segment=self.segment, relationship_since=self.relationship_since,
        )  # fmt: skip


def _address(address: Address) -> CompanyAddress:
    return CompanyAddress.model_validate(address.model_dump())


def master_data_of(published: CompanyMasterData) -> MasterData:
    """The master data an event states (checked again on replay)."""
    fields = published.model_dump(exclude={"registration_country", "registration_number",
                                           "registration_scheme"})  # fmt: skip
    registration = {"country": published.registration_country,
                    "number": published.registration_number}  # fmt: skip
    return MasterData.model_validate({**fields, "registration": registration})


def changed_fields(before: MasterData | None, after: MasterData) -> tuple[str, ...]:
    """The fields of ``after`` that differ from ``before`` (all of them the first time)."""
    old = before.model_dump() if before else {}
    new = after.model_dump()
    return tuple(name for name in MasterData.model_fields if old.get(name) != new[name])
