"""The jurisdiction packs are data: the shipped ones load, a bad one is refused by name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from services.invoicing.adapters.rate_packs import SHIPPED, RatePacksRejected, load_packs
from tests.unit.invoicing.ledger.given import PACKS, D


def test_the_shipped_packs_cover_every_jurisdiction_a_customer_can_have() -> None:
    assert sorted(PACKS) == ["cn", "eu", "uk", "us"]
    assert PACKS["eu"].interest is not None and PACKS["uk"].interest is not None
    assert PACKS["cn"].interest is None and PACKS["us"].interest is None


def test_the_shipped_reference_rates_are_the_published_ones() -> None:
    eu = PACKS["eu"].interest
    uk = PACKS["uk"].interest
    assert eu is not None and uk is not None
    assert eu.series.at(D(2024, 3, 1)) + eu.margin == Decimal("12.50")  # COMPLIANCE T7
    assert eu.series.at(D(2025, 8, 1)) + eu.margin == Decimal("10.15")
    assert uk.series.at(D(2023, 12, 31)) + uk.margin == Decimal("13.25")  # COMPLIANCE T7


@pytest.mark.parametrize(
    ("debt", "fee"),
    [("999.99", "40.00"), ("1000.00", "70.00"), ("9999.99", "70.00"), ("10000.00", "100.00")],
)
def test_uk_compensation_follows_the_debt_size_bands(debt: str, fee: str) -> None:
    assert PACKS["uk"].compensation_for(Decimal(debt), "GBP") == Decimal(fee)


def test_a_pack_with_a_float_rate_or_a_wrong_name_is_refused_with_its_path(tmp_path: Path) -> None:
    text = (SHIPPED / "eu.yaml").read_text("utf-8")
    (tmp_path / "eu.yaml").write_text(text.replace('margin: "8.00"', "margin: 8.1"), "utf-8")
    (tmp_path / "de.yaml").write_text(text, "utf-8")
    with pytest.raises(RatePacksRejected) as refused:
        load_packs(tmp_path)
    message = str(refused.value)
    assert "eu.yaml" in message and "quoted strings, not the float 8.1" in message
    assert "de.yaml: declares pack 'eu'" in message
