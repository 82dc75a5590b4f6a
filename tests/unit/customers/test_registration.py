from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.customers.domain.errors import CustomerRegistrationConflict
from services.customers.domain.state import Consent
from shared.contracts import encode_event
from shared.contracts.customers import ContactCodes, CustomerRegistered
from tests.unit.customers.given import CUSTOMER, History, consent, contact, register, types


def registered(cmd: Any = None) -> History:
    history = History()
    history.apply(cmd or register(), requested_by="erp")
    return history


def test_registering_a_customer_publishes_its_ids_and_codes() -> None:
    decision = History().when(register(), requested_by="erp")

    [event] = decision.events
    assert isinstance(event, CustomerRegistered)
    assert (event.aggregate_id, event.customer_id) == (CUSTOMER, CUSTOMER)
    assert (event.jurisdiction, event.currency, event.segment) == ("cn", "CNY", "standard")
    assert event.contact_ids == ("ct-1",)
    assert event.contacts == (
        ContactCodes(
            contact_id="ct-1", role="debtor_staff", language="zh-CN", timezone="Asia/Shanghai",
            consented_channels=("email",), represented_by_lawyer=False,
        ),
    )  # fmt: skip
    assert event.requested_by == "erp"


def test_the_registered_event_carries_no_personal_data() -> None:
    decision = History().when(register())

    wire = encode_event(decision.events[0]).decode()
    for planted in ("王小明", "xiaoming.wang@example.cn", "13800138000", "上海示例贸易"):
        assert planted not in wire


def test_contacts_are_numbered_in_the_order_they_are_registered() -> None:
    cmd = register(contact(), contact(role="guarantor"), contact(role="lawyer"))

    [event] = History().when(cmd).events

    assert isinstance(event, CustomerRegistered)
    assert event.contact_ids == ("ct-1", "ct-2", "ct-3")
    assert [c.role for c in event.contacts] == ["debtor_staff", "guarantor", "lawyer"]


@given(st.integers(min_value=1, max_value=20))
def test_contact_ids_derive_from_the_registration_alone(count: int) -> None:
    cmd = register(*[contact(name=f"Person {i}") for i in range(count)])

    first = cmd.personal_data().contacts
    again = register(*[contact(name=f"Person {i}") for i in range(count)]).personal_data()

    assert [c.contact_id for c in first] == [f"ct-{i}" for i in range(1, count + 1)]
    assert [c.contact_id for c in again.contacts] == [c.contact_id for c in first]
    assert [p.contact_id for p in cmd.registration().contacts] == [c.contact_id for c in first]


def test_the_state_after_registration_knows_each_contacts_codes() -> None:
    history = registered(register(contact(represented_by_lawyer=True)))

    customer = history.state.customer
    assert customer is not None
    [ct] = customer.contacts
    assert ct.contact_id == "ct-1" and ct.role == "debtor_staff"
    assert ct.consent == Consent(email=True, sms=False)
    assert ct.represented_by_lawyer is True
    assert customer.registered_at == history.events[0].occurred_at


def test_registering_the_same_customer_again_decides_nothing() -> None:
    cmd = register()
    history = registered(cmd)

    again = history.when(register(), on_file=cmd.personal_data())

    assert types(again) == []


def test_a_repeat_matches_the_registration_even_after_consent_changed() -> None:
    cmd = register()
    history = registered(cmd)
    history.apply(consent("email", False))

    again = history.when(register(), on_file=cmd.personal_data())

    assert types(again) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jurisdiction": "us"}, "jurisdiction"),
        ({"currency": "USD"}, "currency"),
        ({"segment": "key_account"}, "segment"),
        ({"legal_name": "Another Trading Ltd"}, "legal_name"),
        ({"contacts": [contact(name="李四")]}, "contacts[1].name"),
        ({"contacts": [contact(email="other@example.cn")]}, "contacts[1].email"),
        ({"contacts": [contact(phone=None)]}, "contacts[1].phone"),
        ({"contacts": [contact(timezone="Asia/Hong_Kong")]}, "contacts[1].timezone"),
        ({"contacts": [contact(role="guarantor")]}, "contacts[1].role"),
        ({"contacts": [contact(language="en")]}, "contacts[1].language"),
        ({"contacts": [contact(consent={"email": True, "sms": True})]}, "contacts[1].consent.sms"),
        ({"contacts": [contact(represented_by_lawyer=True)]}, "represented_by_lawyer"),
        ({"contacts": [contact(), contact()]}, "contacts.count"),
    ],
)
def test_the_same_id_with_different_data_is_a_conflict_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    original = register()
    history = registered(original)
    other = register(**change)

    with pytest.raises(CustomerRegistrationConflict) as refused:
        history.when(other, on_file=original.personal_data())

    assert field in str(refused.value)


def test_a_conflict_never_tells_the_values_on_file() -> None:
    original = register()
    history = registered(original)
    other = register(contacts=[contact(email="someone.else@example.cn", name="李四")])

    with pytest.raises(CustomerRegistrationConflict) as refused:
        history.when(other, on_file=original.personal_data())

    message = str(refused.value)
    for value in ("王小明", "xiaoming.wang", "李四", "someone.else"):
        assert value not in message


def test_a_registered_customer_without_personal_data_on_file_is_not_repeated_blindly() -> None:
    history = registered()

    with pytest.raises(CustomerRegistrationConflict):
        history.when(register())
