"""R4: a written cease-contact request is recorded with the day it arrived and how it came,
once; its withdrawal likewise; both are events that say who recorded them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.customers.domain.errors import (
    ContactNotFound,
    CustomerNotFound,
    ReceivedInTheFuture,
    WithdrawalBeforeRequest,
)
from services.customers.domain.preferences import CeaseRequest
from services.customers.domain.state import ContactProfile
from shared.contracts.customers import ContactCeaseRequested, ContactCeaseWithdrawn
from tests.unit.customers.given import (
    CUSTOMER,
    History,
    cease,
    contact,
    register,
    types,
    withdraw,
)


def registered() -> History:
    cmd = register(contact(), contact(role="guarantor"))
    return History().given([cmd])


def profile_of(history: History, contact_id: str = "ct-1") -> ContactProfile:
    customer = history.state.customer
    assert customer is not None
    found = customer.contact(contact_id)
    assert found is not None
    return found


def test_a_written_cease_request_is_recorded_with_its_day_source_and_recorder() -> None:
    history = registered()

    decision = history.apply(cease(), requested_by="collector-li")

    [event] = decision.events
    assert isinstance(event, ContactCeaseRequested)
    assert (event.customer_id, event.contact_id) == (CUSTOMER, "ct-1")
    assert (event.received_on, event.source) == (dt.date(2026, 11, 1), "letter")
    assert event.requested_by == "collector-li"
    assert profile_of(history).cease == CeaseRequest(
        received_on=dt.date(2026, 11, 1), source="letter"
    )
    assert profile_of(history, "ct-2").cease is None


def test_a_second_cease_request_while_one_stands_decides_nothing() -> None:
    history = registered().given([cease()])

    again = history.when(cease(dt.date(2026, 11, 2), source="email"))

    assert types(again) == []
    assert profile_of(history).cease == CeaseRequest(
        received_on=dt.date(2026, 11, 1), source="letter"
    )


def test_withdrawing_a_standing_request_is_recorded_and_lifts_it() -> None:
    history = registered().given([cease()])

    decision = history.apply(withdraw(), requested_by="integration-erp")

    [event] = decision.events
    assert isinstance(event, ContactCeaseWithdrawn)
    assert (event.contact_id, event.received_on, event.source) == (
        "ct-1", dt.date(2026, 11, 2), "letter",
    )  # fmt: skip
    assert event.requested_by == "integration-erp"
    assert profile_of(history).cease is None


def test_withdrawing_when_no_request_stands_decides_nothing() -> None:
    assert types(registered().when(withdraw())) == []


def test_a_request_may_be_made_withdrawn_and_made_again() -> None:
    history = registered()
    history.apply(cease(dt.date(2026, 10, 1)))
    history.apply(withdraw(dt.date(2026, 10, 5)))
    history.apply(cease(dt.date(2026, 10, 20), source="email"))

    assert [e.type for e in history.events][1:] == [
        "ContactCeaseRequested", "ContactCeaseWithdrawn", "ContactCeaseRequested",
    ]  # fmt: skip
    assert profile_of(history).cease == CeaseRequest(
        received_on=dt.date(2026, 10, 20), source="email"
    )


def test_a_withdrawal_that_arrived_before_the_request_is_refused() -> None:
    history = registered().given([cease(dt.date(2026, 11, 1))])

    with pytest.raises(WithdrawalBeforeRequest):
        history.when(withdraw(dt.date(2026, 10, 31)))


def test_a_letter_dated_on_a_day_that_has_begun_nowhere_is_refused() -> None:
    # NOW is 2026-11-02 09:00 UTC: 2026-11-02 23:00 at UTC+14, so the 3rd has not begun.
    history = registered()

    assert types(history.when(cease(dt.date(2026, 11, 2)))) == ["ContactCeaseRequested"]
    with pytest.raises(ReceivedInTheFuture):
        history.when(cease(dt.date(2026, 11, 3)))
    history.apply(cease())
    with pytest.raises(ReceivedInTheFuture):
        history.when(withdraw(dt.date(2026, 11, 3)))


def test_a_cease_request_for_an_unknown_contact_or_customer_is_refused() -> None:
    with pytest.raises(ContactNotFound):
        registered().when(cease(contact_id="ct-9"))
    with pytest.raises(CustomerNotFound):
        History().when(cease())
    with pytest.raises(ContactNotFound):
        registered().when(withdraw(contact_id="ct-9"))


@pytest.mark.parametrize("source", ["", "Letter", "a letter", "l" * 33, "王小明"])
def test_a_source_must_be_a_short_code(source: str) -> None:
    with pytest.raises(ValueError, match="source"):
        cease(source=source)


@given(st.lists(st.booleans(), max_size=10))
def test_the_request_stands_as_last_asked_and_only_real_changes_are_events(
    asks: list[bool],
) -> None:
    history, standing, changes = registered(), False, 0
    for day, ask in enumerate(asks, start=1):
        on = dt.date(2026, 10, day)
        history.apply(
            cease(on) if ask
            else withdraw(on)
        )  # fmt: skip
        changes += ask != standing
        standing = ask

    assert (profile_of(history).cease is not None) == standing
    assert len(history.events) == 1 + changes
