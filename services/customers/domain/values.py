"""The customer registry's value types: identifiers, addresses, zones and codes.

Every type validates on construction, so a command that exists is well formed.
"""

from __future__ import annotations

import importlib.util
import re
from typing import TYPE_CHECKING, Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, EmailStr, StringConstraints, WithJsonSchema

from shared.contracts.customers import ContactRole, Jurisdiction, Language
from shared.contracts.money import Currency
from shared.kernel import text
from shared.kernel.text import CompanyName

__all__ = [
    "ConsentChannel",
    "ConsentSource",
    "ContactId",
    "ContactRole",
    "Currency",
    "CustomerId",
    "Email",
    "Jurisdiction",
    "Language",
    "LegalName",
    "PersonName",
    "Phone",
    "Segment",
    "Timezone",
]

# Identifiers end up in Redis keys and URL paths: letters, digits and . _ - only.
CustomerId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
ContactId = Annotated[str, StringConstraints(pattern=r"^ct-[1-9][0-9]{0,3}$")]
Segment = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,32}$")]
# Names reach e-mail headers and letters: no control character, line break or
# bidirectional override (shared.kernel.text); a 422 names the field and the code point.
LegalName = CompanyName
PersonName = text.PersonName
ConsentSource = text.one_line(64)
ConsentChannel = Literal["email", "sms"]

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^(?P<local>{_LOCAL})@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,63}})$")


def _check_email(value: str) -> str:
    """A strict address check for when ``email-validator`` is not installed."""
    match = _EMAIL.fullmatch(value)
    if match is None or len(value) > 254 or len(match["local"]) > 64:
        raise ValueError("not a valid e-mail address")
    return f"{match['local']}@{match['domain'].lower()}"


if TYPE_CHECKING:
    Email = str
elif importlib.util.find_spec("email_validator") is not None:  # pragma: no cover - optional
    Email = EmailStr
else:
    Email = Annotated[
        str,
        AfterValidator(_check_email),
        WithJsonSchema({"type": "string", "format": "email"}),
    ]


def _check_e164(value: str) -> str:
    if re.fullmatch(r"\+[1-9][0-9]{1,14}", value) is None:
        raise ValueError("phone must be in E.164 form, e.g. +8613800138000")
    return value


Phone = Annotated[
    str,
    AfterValidator(_check_e164),
    WithJsonSchema({"type": "string", "pattern": r"^\+[1-9][0-9]{1,14}$"}),
]


def _check_timezone(value: str) -> str:
    if not value or len(value) > 64:
        raise ValueError("not an IANA time zone")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {value!r}") from exc
    return value


Timezone = Annotated[
    str,
    AfterValidator(_check_timezone),
    WithJsonSchema({"type": "string", "examples": ["Asia/Shanghai"]}),
]
