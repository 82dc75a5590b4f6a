"""A customer is registered only where Huikuan has both a compliance pack and a policy."""

from __future__ import annotations

import pytest

from services.collections.adapters.policy_files import SHIPPED, load_book
from services.customers.domain.errors import UnknownJurisdiction
from services.customers.domain.jurisdictions import (
    SERVED_JURISDICTIONS,
    check_jurisdiction_is_served,
)
from services.notifications.domain.packs import PACKS
from tests.unit.customers.given import History, register, types


def test_the_served_jurisdictions_are_those_with_a_pack_and_a_dunning_policy() -> None:
    book = load_book(SHIPPED)
    with_policy = {j for p in book.policies for j in p.applies_to.jurisdictions}

    assert set(SERVED_JURISDICTIONS) == set(PACKS) & with_policy


def test_a_jurisdiction_without_pack_or_policy_is_refused_naming_the_served_ones() -> None:
    with pytest.raises(UnknownJurisdiction) as refused:
        check_jurisdiction_is_served("de")

    message = str(refused.value)
    assert "'de'" in message
    assert "cn, us, eu, uk" in message
    assert "compliance pack and a dunning policy" in message


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "eu", "uk"])
def test_a_served_jurisdiction_is_registered(jurisdiction: str) -> None:
    assert types(History().when(register(jurisdiction=jurisdiction))) == ["CustomerRegistered"]
