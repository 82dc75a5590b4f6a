"""Who a customer is in law: its registration number, checked where a standard allows.

China's 统一社会信用代码 (unified social credit identifier, GB 32100-2015) has 18
characters: the registration authority (1), the entity type (1), the administrative
division (6 digits), the organisation code (9, GB 11714) and a check character. Its
alphabet is the digits and the capitals without I, O, Z, S and V; the check character
is ``C18 = 31 - (sum of value(Ci) * Wi for i in 1..17) mod 31`` (31 reads as 0), with the
weights ``Wi = 3^(i-1) mod 31``. Other countries' numbers are kept as free identifiers
beside their ISO 3166 country.
"""

from __future__ import annotations

import re
from typing import Annotated

import pycountry
from pydantic import (
    AfterValidator,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from services.customers.domain.credit.base import Frozen

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_SHAPE = re.compile(rf"[{USCC_ALPHABET}]{{2}}[0-9]{{6}}[{USCC_ALPHABET}]{{10}}")
_NATIONAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,62}[A-Za-z0-9]|[A-Za-z0-9]")


def uscc_check_character(first_17: str) -> str:
    """The check character the first 17 characters of a 统一社会信用代码 call for."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first_17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> str:
    """``value`` in capitals if it is a well-formed 统一社会信用代码; else ValueError saying why."""
    code = value.strip().upper()
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码 has 18 characters, got {len(code)}")
    if _USCC_SHAPE.fullmatch(code) is None:
        raise ValueError(
            "统一社会信用代码 uses the digits and the capitals except I, O, Z, S, V, "
            "with a 6-digit administrative division code in positions 3 to 8"
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValueError(
            f"统一社会信用代码 check character is {code[17]!r}, but the first 17 characters "
            f"give {expected!r}: a character is mistyped"
        )
    return code


def check_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 country code, upper case."""
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"unknown country {value!r}: expected an ISO 3166 code such as CN")
    return code


Country = Annotated[str, AfterValidator(check_country)]
Uscc = Annotated[str, AfterValidator(check_uscc)]


class RegistrationNumber(Frozen):
    """A company's registration number and the country that issued it.

    In China (``CN``) it must be a valid 统一社会信用代码; elsewhere it is the national
    register's identifier as written (letters, digits, spaces, ``. / -``).
    """

    country: Country
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]

    @field_validator("number")
    @classmethod
    def _checked_for_its_country(cls, number: str, info: ValidationInfo) -> str:
        if info.data.get("country") == "CN":
            return check_uscc(number)
        if _NATIONAL.fullmatch(number) is None:
            raise ValueError(
                "a registration number is letters and digits, with spaces, '.', '/' or '-' "
                "between them"
            )
        return number

    @property
    def scheme(self) -> str:
        """``cn_uscc`` for a 统一社会信用代码, ``national`` for any other register."""
        return "cn_uscc" if self.country == "CN" else "national"
