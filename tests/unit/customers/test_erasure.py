"""R8: a legal hold keeps a customer's personal data; erasure destroys it unless a hold
stands, and then the refusal is recorded with the hold's reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.customers.domain.errors import CustomerNotFound
from services.customers.domain.holds import SHRED_TIMER_KIND, Erasure, LegalHold
from services.customers.domain.state import Customer
from shared.contracts.customers import (
    ErasureRefused,
    LegalHoldLifted,
    LegalHoldPlaced,
    PersonalDataErased,
)
from tests.unit.customers.given import (
    CUSTOMER,
    NOW,
    History,
    consent,
    erase,
    hold,
    lift,
    register,
    types,
)


def registered() -> History:
    return History().given([register()])


def customer_of(history: History) -> Customer:
    customer = history.state.customer
    assert customer is not None
    return customer


def test_a_legal_hold_is_placed_with_its_reason_reference_and_who_placed_it() -> None:
    history = registered()

    decision = history.apply(hold(), requested_by="admin-zhang")

    [event] = decision.events
    assert isinstance(event, LegalHoldPlaced)
    assert (event.customer_id, event.reason, event.requested_by) == (
        CUSTOMER, "litigation", "admin-zhang",
    )  # fmt: skip
    assert event.reference == "(2026)沪0105民初1234号"
    assert customer_of(history).legal_hold == LegalHold(
        reason="litigation", reference="(2026)沪0105民初1234号", placed_by="admin-zhang",
        placed_at=NOW,
    )  # fmt: skip


def test_the_same_hold_placed_again_decides_nothing() -> None:
    history = registered().given([hold()])

    assert types(history.when(hold())) == []


def test_a_hold_placed_with_another_reason_replaces_the_standing_one() -> None:
    history = registered().given([hold()])

    decision = history.apply(hold("regulatory_inquiry", ""))

    assert types(decision) == ["LegalHoldPlaced"]
    standing = customer_of(history).legal_hold
    assert standing is not None and (standing.reason, standing.reference) == (
        "regulatory_inquiry", "",
    )  # fmt: skip


def test_lifting_a_hold_names_the_reason_it_was_placed_for() -> None:
    history = registered().given([hold("insolvency")])

    decision = history.apply(lift(), requested_by="admin-zhang")

    [event] = decision.events
    assert isinstance(event, LegalHoldLifted)
    assert (event.reason, event.requested_by) == ("insolvency", "admin-zhang")
    assert customer_of(history).legal_hold is None


def test_lifting_when_no_hold_stands_decides_nothing() -> None:
    assert types(registered().when(lift())) == []


def test_erasure_without_hold_is_recorded_and_schedules_the_shredding_now() -> None:
    history = registered()

    decision = history.apply(erase(), requested_by="admin-zhang")

    [event] = decision.events
    assert isinstance(event, PersonalDataErased)
    assert (event.basis, event.reference, event.requested_by) == (
        "data_subject_request", "DSR-2026-0042", "admin-zhang",
    )  # fmt: skip
    [timer] = decision.schedule
    assert (timer.kind, timer.aggregate_id, timer.due_at) == (SHRED_TIMER_KIND, CUSTOMER, NOW)  # type: ignore[attr-defined]
    assert customer_of(history).erasure == Erasure(
        basis="data_subject_request", reference="DSR-2026-0042", erased_by="admin-zhang",
        erased_at=NOW,
    )  # fmt: skip


def test_erasure_under_legal_hold_is_refused_naming_the_holds_reason() -> None:
    history = registered().given([hold("litigation")])

    decision = history.apply(erase(), requested_by="admin-zhang")

    [event] = decision.events
    assert isinstance(event, ErasureRefused)
    assert (event.hold_reason, event.basis, event.requested_by) == (
        "litigation", "data_subject_request", "admin-zhang",
    )  # fmt: skip
    assert decision.schedule == ()
    assert customer_of(history).erasure is None


def test_erasure_after_the_hold_is_lifted_goes_through() -> None:
    history = registered().given(
        [hold(), erase(),
         lift()]
    )  # fmt: skip

    assert types(history.apply(erase())) == ["PersonalDataErased"]


def test_a_second_erasure_decides_nothing_even_under_a_later_hold() -> None:
    history = registered().given([erase(), hold()])

    assert types(history.when(erase("retention_expired"))) == []


def test_erasure_keeps_the_contacts_codes_and_consent() -> None:
    history = registered().given([consent("sms", True)])
    before = customer_of(history)

    history.apply(erase())

    after = customer_of(history)
    assert (after.contacts, after.registration) == (before.contacts, before.registration)


def test_an_unknown_customer_cannot_be_held_or_erased() -> None:
    with pytest.raises(CustomerNotFound):
        History().when(hold())
    with pytest.raises(CustomerNotFound):
        History().when(erase())


@pytest.mark.parametrize(
    "reference", ["wang@example.cn", "+8613800138000", "Wang Xiaoming", "x" * 65]
)
def test_a_reference_cannot_hold_an_address_a_phone_number_or_spaces(reference: str) -> None:
    with pytest.raises(ValidationError):
        hold(reference=reference)


ACTIONS = st.lists(st.sampled_from(["hold", "lift", "erase"]), max_size=12)


def expected(action: str, held: bool, erased: bool) -> list[str]:
    """The model: what each action must decide, given whether a hold stands and data is gone."""
    if action == "hold":
        return [] if held else ["LegalHoldPlaced"]
    if action == "lift":
        return ["LegalHoldLifted"] if held else []
    if erased:
        return []
    return ["ErasureRefused"] if held else ["PersonalDataErased"]


@given(ACTIONS)
def test_data_is_erased_once_the_first_time_it_is_asked_without_a_hold(actions: list[str]) -> None:
    history = registered()
    commands = {"hold": hold(), "lift": lift(),
                "erase": erase()}  # fmt: skip
    held = erased = False
    for action in actions:
        assert types(history.apply(commands[action])) == expected(action, held, erased)
        held = {"hold": True, "lift": False}.get(action, held)
        erased = erased or (action == "erase" and not held)

    customer = customer_of(history)
    assert (customer.legal_hold is not None, customer.erasure is not None) == (held, erased)
