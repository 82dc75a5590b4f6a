"""A customer is registered only where Huikuan has both a compliance pack and a policy."""

from __future__ import annotations

import pytest

from services.collections.adapters.policy_files import SHIPPED, load_book
from services.customers.domain.errors import UnknownJurisdiction
from services.customers.domain.jurisdictions import SERVED_JURISDICTIONS
from services.notifications.domain.packs import PACKS
from tests.unit.customers.given import History, register, types


def test_the_served_jurisdictions_are_those_with_a_pack_and_a_dunning_policy() -> None:
    book = load_book(SHIPPED)
    with_policy = {j for p in book.policies for j in p.applies_to.jurisdictions}

    assert set(SERVED_JURISDICTIONS) == set(PACKS) & with_policy


@pytest.mark.parametrize("jurisdiction", ["eu", "uk"])
def test_a_jurisdiction_without_a_dunning_policy_is_refused_naming_the_served_ones(
    jurisdiction: str,
) -> None:
    cmd = register(jurisdiction=jurisdiction, currency="EUR")

    with pytest.raises(UnknownJurisdiction) as refused:
        History().when(cmd)

    message = str(refused.value)
    assert repr(jurisdiction) in message
    assert "cn, us" in message
    assert "compliance pack and a dunning policy" in message


@pytest.mark.parametrize("jurisdiction", ["cn", "us"])
def test_a_served_jurisdiction_is_registered(jurisdiction: str) -> None:
    assert types(History().when(register(jurisdiction=jurisdiction))) == ["CustomerRegistered"]
