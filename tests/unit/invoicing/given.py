"""Small builders for invoicing's unit tests."""

from __future__ import annotations

from decimal import Decimal

from shared.contracts.money import Money


def cny(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="CNY")
