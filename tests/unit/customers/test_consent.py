from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.customers.domain.errors import ContactNotFound, CustomerNotFound
from services.customers.domain.state import Consent
from shared.contracts.customers import ContactConsentChanged
from tests.unit.customers.given import CUSTOMER, History, consent, contact, register, types


def registered() -> History:
    cmd = register(contact(consent={"email": True, "sms": False}), contact(role="guarantor"))
    return History().given([cmd])


def consent_of(history: History, contact_id: str = "ct-1") -> Consent:
    customer = history.state.customer
    assert customer is not None
    found = customer.contact(contact_id)
    assert found is not None
    return found.consent


def test_withdrawing_consent_records_who_withdrew_it_on_which_channel() -> None:
    history = registered()

    decision = history.apply(consent("email", False), requested_by="collector-li")

    [event] = decision.events
    assert isinstance(event, ContactConsentChanged)
    assert (event.customer_id, event.contact_id, event.channel) == (CUSTOMER, "ct-1", "email")
    assert (event.consent, event.source, event.requested_by) == (False, "sms_stop", "collector-li")
    assert consent_of(history) == Consent(email=False, sms=False)
    assert consent_of(history, "ct-2") == Consent(email=True, sms=False)


def test_consent_that_already_stands_decides_nothing() -> None:
    history = registered()

    assert types(history.when(consent("email", True))) == []
    assert types(history.when(consent("sms", False))) == []


def test_consent_given_withdrawn_and_given_again_is_three_changes() -> None:
    history = registered()

    for given_ in (True, False, True):
        history.apply(consent("sms", given_))

    assert types_of(history) == ["CustomerRegistered"] + ["ContactConsentChanged"] * 3
    assert consent_of(history) == Consent(email=True, sms=True)


def types_of(history: History) -> list[str]:
    return [event.type for event in history.events]


def test_consent_of_an_unknown_contact_is_refused() -> None:
    with pytest.raises(ContactNotFound):
        registered().when(consent("email", False, contact_id="ct-9"))


def test_consent_of_an_unregistered_customer_is_refused() -> None:
    with pytest.raises(CustomerNotFound):
        History().when(consent("email", False))


changes = st.lists(st.tuples(st.sampled_from(["email", "sms"]), st.booleans()), max_size=12)


@given(changes)
def test_each_channel_ends_as_last_asked_and_only_real_changes_are_events(
    steps: list[tuple[str, bool]],
) -> None:
    history = registered()
    expected = {"email": True, "sms": False}
    real_changes = 0

    for channel, given_ in steps:
        real_changes += expected[channel] != given_
        expected[channel] = given_
        history.apply(consent(channel, given_))

    assert consent_of(history) == Consent(**expected)
    assert len(history.events) == 1 + real_changes
    assert consent_of(history, "ct-2") == Consent(email=True, sms=False)
