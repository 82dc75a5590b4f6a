"""Money: a Decimal amount in an ISO 4217 currency, never a float."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

# ISO 4217 minor units that differ from the usual two.
_MINOR_UNITS: dict[str, int] = {
    "BHD": 3,
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "PYG": 0,
    "RWF": 0,
    "TND": 3,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
}
MAX_AMOUNT = Decimal("1e15")


@lru_cache(maxsize=512)
def is_iso_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency, 2)


def _check_currency(code: str) -> str:
    if len(code) != 3 or not code.isupper() or not is_iso_currency(code):
        raise ValueError(f"unknown currency {code!r}: expected an ISO 4217 code such as CNY")
    return code


def _check_amount(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("amount must be a finite number")
    if abs(value) >= MAX_AMOUNT:
        raise ValueError("amount is too large")
    return value


Currency = Annotated[
    str,
    AfterValidator(_check_currency),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code"}),
]
Amount = Annotated[
    Decimal,
    AfterValidator(_check_amount),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    # On the wire an amount is a decimal string (never a float): say so in the JSON Schema.
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "examples": ["12.50"]},
        mode="serialization",
    ),
]


class Money(BaseModel):
    """An exact amount with its currency. Arithmetic only between equal currencies."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Amount
    currency: Currency

    def model_post_init(self, __context: object) -> None:
        exponent = self.amount.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if places > minor_units(self.currency):
            raise ValueError(
                f"{self.currency} has {minor_units(self.currency)} decimal places; "
                f"got {self.amount}"
            )

    @classmethod
    def of(cls, amount: Decimal, currency: str) -> Money:
        """``amount`` shown to the currency's minor unit (0 CNY reads ``0.00``)."""
        exponent = Decimal(1).scaleb(-minor_units(currency))
        return cls(amount=amount.quantize(exponent), currency=currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(amount=Decimal(0), currency=currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def is_positive(self) -> bool:
        return self.amount > 0

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"


def positive(money: Money) -> Money:
    if money.amount <= 0:
        raise ValueError("amount must be greater than zero")
    return money


PositiveMoney = Annotated[Money, AfterValidator(positive)]
