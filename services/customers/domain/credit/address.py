"""Addresses a letter can be posted to, laid out the way the destination's post reads them.

A Chinese address runs from the largest place to the smallest (省 市 区, street and
number) with the 邮政编码 first and the recipient last; a Western one starts with the
recipient and ends with the town, its postcode (before or after the town, by country)
and, abroad, the country in capitals (UPU S42). A customer has a registered address and
may have a postal one; letters go to the postal address when there is one.
"""

from __future__ import annotations

import re
from typing import Annotated

import pycountry
from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    model_validator,
)

from services.customers.domain.credit.base import Frozen
from services.customers.domain.credit.registration import Country
from services.customers.domain.credit.text import Line

PostalCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
    StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9 -]{1,9}$"),
]
_POSTAL_RULES = {
    "CN": (re.compile(r"[0-9]{6}"), "6 digits"),
    "US": (re.compile(r"[0-9]{5}(-[0-9]{4})?"), "5 digits or ZIP+4"),
    "DE": (re.compile(r"[0-9]{5}"), "5 digits"),
    "FR": (re.compile(r"[0-9]{5}"), "5 digits"),
    "GB": (re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}"), "a UK postcode like SW1A 1AA"),
}
# Where the postcode stands on the town's line: before the town in most of continental
# Europe and East Asia outside China, after it (with the region) in the Americas and
# Australia, on its own line in the United Kingdom.
_POSTCODE_AFTER_TOWN = frozenset({"US", "CA", "AU", "NZ", "BR", "MX", "IN", "SG"})
_POSTCODE_OWN_LINE = frozenset({"GB", "IE"})


class Address(Frozen):
    """A structured postal address; ``street`` holds one to three lines (number, building)."""

    country: Country
    region: Line | None = Field(default=None, description="province / state, e.g. 广东省")
    city: Line = Field(description="city or town, e.g. 深圳市")
    district: Line | None = Field(default=None, description="district / county, e.g. 南山区")
    street: tuple[Line, ...] = Field(min_length=1, max_length=3)
    postal_code: PostalCode | None = None

    @model_validator(mode="after")
    def _postal_code_fits_the_country(self) -> Address:
        rule = _POSTAL_RULES.get(self.country)
        if rule and self.postal_code and rule[0].fullmatch(self.postal_code) is None:
            raise ValueError(f"a postal code in {self.country} is {rule[1]}")
        if self.country == "CN" and self.postal_code is None:
            raise ValueError("a postal code (邮政编码) is needed for a letter in CN")
        return self

    def letter_lines(self, recipient: str, sent_from: str = "CN") -> tuple[str, ...]:
        """The lines of the envelope / letter head, in the destination's order."""
        if self.country == "CN":
            return self._chinese(recipient, abroad=sent_from != "CN")
        return self._western(recipient, abroad=sent_from != self.country)

    def _chinese(self, recipient: str, *, abroad: bool) -> tuple[str, ...]:
        place = "".join(p for p in (self.region, self.city, self.district) if p)
        lines = [self.postal_code or "", place, *self.street, recipient]
        return (*lines, "CHINA") if abroad else tuple(lines)

    def _western(self, recipient: str, *, abroad: bool) -> tuple[str, ...]:
        town = " ".join(p for p in (self.district, self.city) if p)
        code = self.postal_code or ""
        if self.country in _POSTCODE_OWN_LINE:
            tail = [town.upper(), *([self.region] if self.region else []), code]
        elif self.country in _POSTCODE_AFTER_TOWN:
            tail = [
                " ".join(p for p in (f"{town}," if self.region else town, self.region, code) if p)
            ]
        else:
            tail = [" ".join(p for p in (code, town) if p), *([self.region] if self.region else [])]
        lines = [recipient, *self.street, *(t for t in tail if t)]
        return (*lines, _country_name(self.country).upper()) if abroad else tuple(lines)


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "name", code))


def mailing_address(registered: Address, postal: Address | None) -> Address:
    """Where letters go: the postal address when the customer gave one, else the registered."""
    return postal or registered
