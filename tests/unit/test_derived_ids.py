"""Derived ids are exactly ``uuid5(NAMESPACE, "/".join(parts))``: event ids already stored
were made that way, and a redelivery must stamp the very same ones."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from shared.kernel.ids import NAMESPACE, derived_id, joined_id

PART = st.one_of(st.text(), st.integers(), st.uuids())


@given(st.lists(PART, max_size=4))
def test_a_derived_id_is_the_uuid5_of_its_parts(parts: list[object]) -> None:
    made = derived_id(*parts)
    expected = uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))
    assert made == expected
    assert str(made) == str(expected) and hash(made) == hash(expected)
    assert made.version == 5 and made.variant == uuid.RFC_4122
    assert uuid.UUID(str(made)) == made  # it survives the JSON round trip


def test_known_values_stay_the_same() -> None:
    # Written down from uuid.uuid5 when the fast path was added: ids already in stores.
    assert str(derived_id("command", "issue:INV-1")) == "ff755fed-cb2e-5dda-b579-b558678b1096"
    assert str(derived_id("汇款", 3)) == "44093e29-75d6-5943-a87f-6bdd0967a9f1"


@given(st.text(), st.text(), st.integers(min_value=1))
def test_joined_by_the_caller_is_the_same_id(seed: str, aggregate_id: str, number: int) -> None:
    # the repository's stamp and command causes join with f-strings
    assert joined_id(f"{seed}/{aggregate_id}/{number}") == derived_id(seed, aggregate_id, number)
    assert joined_id(f"command/{seed}") == derived_id("command", seed)
