"""The customer's master data as its commands carry it: company data (基本信息表) checked
by the credit file's values (统一社会信用代码, addresses for letters, hostile text refused),
and how it reads in the integration events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints

from services.customers.domain.credit.address import Address
from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.basic import BasicInformation, CustomerId, Segment, UserName
from services.customers.domain.credit.contacts import BusinessRole
from services.customers.domain.credit.registration import RegistrationNumber
from services.customers.domain.credit.text import CompanyName
from services.customers.domain.personal import CompanyDetails, PersonalData
from shared.contracts.customers import CompanyMasterData

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
        """What the integration event carries (no name, no address)."""
        return CompanyMasterData(
            registration_country=self.registration.country,
            registration_number=self.registration.number,
            registration_scheme="cn_uscc" if self.registration.country == "CN" else "national",
            group=self.group, owner=self.owner, collector=self.collector,
            segment=self.segment, relationship_since=self.relationship_since,
        )  # fmt: skip

    def company(self) -> CompanyDetails:
        """What the vault keeps with the personal data."""
        postal = self.postal_address.model_dump(mode="json") if self.postal_address else None
        return CompanyDetails(
            trading_name=self.trading_name,
            registered_address=self.registered_address.model_dump(mode="json"),
            postal_address=postal,
        )

    def flat(self) -> dict[str, Any]:
        return _flat(self.published(), self.legal_name, self.company())


def _flat(public: CompanyMasterData, legal_name: str, company: CompanyDetails) -> dict[str, Any]:
    """Every field under its ``MasterData`` name, for telling which changed."""
    fields = public.model_dump(exclude={"registration_scheme"})
    fields["registration"] = (fields.pop("registration_country"), fields.pop("registration_number"))
    return {**fields, "legal_name": legal_name, **company.model_dump()}


def changed_fields(
    before: CompanyMasterData | None, on_file: PersonalData | None, after: MasterData
) -> tuple[str, ...]:
    """The fields of ``after`` that differ from what is on record (all of them at first)."""
    new = after.flat()
    if before is None or on_file is None or on_file.company is None:
        return tuple(MasterData.model_fields)
    old = _flat(before, on_file.legal_name, on_file.company)
    return tuple(name for name in MasterData.model_fields if old.get(name) != new[name])


def company_view(
    public: CompanyMasterData | None, personal: PersonalData | None
) -> dict[str, Any] | None:
    """The master data as a reader sees it: public part with names and addresses on file."""
    if public is None:
        return None
    view: dict[str, Any] = public.model_dump(mode="json")
    if personal is not None and personal.company is not None:
        view |= {"legal_name": personal.legal_name, **personal.company.model_dump()}
    return view
