"""A registration that exists is well formed: ids, addresses, zones and codes are checked."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tests.unit.customers.given import contact, register


@pytest.mark.parametrize(
    "email",
    ["a@example.com", "first.last+tag@mail.example.co.uk", "x_y-z@sub-domain.example.cn"],
)
def test_well_formed_e_mail_addresses_are_accepted(email: str) -> None:
    assert register(contact(email=email)).contacts[0].email == email


def test_the_domain_of_an_e_mail_address_is_compared_in_lower_case() -> None:
    assert register(contact(email="Ann@Example.COM")).contacts[0].email == "Ann@example.com"


@pytest.mark.parametrize(
    "email",
    [
        "plainaddress", "@example.com", "a@", "a@example", "a@@example.com", "a b@example.com",
        "a..b@example.com", ".a@example.com", "a.@example.com", "a@-example.com",
        "a@example..com", "a@example.c", "a@exam_ple.com", "a@example.com\n", "",
        "x" * 65 + "@example.com", "a@" + "b" * 250 + ".com",
    ],
)  # fmt: skip
def test_malformed_e_mail_addresses_are_refused(email: str) -> None:
    with pytest.raises(ValidationError):
        register(contact(email=email))


@pytest.mark.parametrize("phone", ["+8613800138000", "+14155550123", "+442071838750"])
def test_e164_phone_numbers_are_accepted(phone: str) -> None:
    assert register(contact(phone=phone)).contacts[0].phone == phone


@pytest.mark.parametrize(
    "phone", ["13800138000", "+0123456", "+86 138 0013 8000", "+1", "+1234567890123456", "tel"]
)
def test_phone_numbers_not_in_e164_form_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError):
        register(contact(phone=phone))


def test_a_contact_may_have_no_phone() -> None:
    assert register(contact(phone=None)).contacts[0].phone is None


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia/Shang hai", "../etc/passwd", "", "CST8"])
def test_unknown_time_zones_are_refused(zone: str) -> None:
    with pytest.raises(ValidationError):
        register(contact(timezone=zone))


@pytest.mark.parametrize(
    "change",
    [
        {"currency": "XYZ"},
        {"currency": "cny"},
        {"jurisdiction": "de"},
        {"customer_id": ""},
        {"customer_id": "C 1"},
        {"customer_id": "C/1"},
        {"customer_id": "C" * 65},
        {"legal_name": "   "},
        {"contacts": []},
    ],
)
def test_malformed_registrations_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        register(**change)


@pytest.mark.parametrize(
    "change",
    [{"language": "fr"}, {"role": "family"}, {"consent": {"email": True}}, {"name": ""}],
)
def test_malformed_contacts_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        register(contact(**change))


def test_ids_of_up_to_64_letters_digits_dots_dashes_and_underscores_are_accepted() -> None:
    customer_id = "Acme_Ltd.cn-" + "9" * 52
    assert register(customer_id=customer_id).customer_id == customer_id


def test_personal_data_stays_out_of_a_commands_repr() -> None:
    text = repr(register())
    for value in ("王小明", "xiaoming.wang", "13800138000", "上海示例贸易"):
        assert value not in text
