"""The derived strategies draw what the fields take: typed text (``shared.kernel.text``)
without the characters it refuses, and the constraints of a type inside a union
(``Percent | None``) kept, so the event tests spend their examples on valid events."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.customers.domain.credit.approval import LimitRequest
from services.customers.domain.credit.policy import CustomerException
from shared.kernel.text import refused_character
from tests.contract.strategies import model_strategy


@given(data=st.data())
def test_typed_text_and_constraints_inside_a_union_are_drawn_as_their_fields_take_them(
    data: Any,
) -> None:
    # Drawing builds the model: a value its field refuses raises ValidationError here (the
    # previous strategies did so on most draws: a refused character, a percent over 100).
    exception = data.draw(model_strategy(CustomerException))
    data.draw(model_strategy(LimitRequest))
    assert exception.prepayment_percent is None or 0 <= exception.prepayment_percent <= 100
    assert refused_character(exception.reason, multiline=True) is None
