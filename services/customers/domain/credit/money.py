"""Amounts rounded to their currency's minor unit (2 places for CNY, 0 for JPY…)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from shared.contracts.money import Money, minor_units


def rounded(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Money:
    """``amount`` as money in ``currency``, rounded to its minor unit (half up unless told)."""
    step = Decimal(1).scaleb(-minor_units(currency))
    return Money(amount=amount.quantize(step, rounding), currency=currency)
