"""Master data refuses hostile text, lays addresses out for the post, and keeps business
roles beside the compliance roles."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.customers.domain.credit.address import Address
from services.customers.domain.credit.contacts import ContactRoles, addressees
from tests.unit.customers.credit.given import address, basic


@pytest.mark.parametrize(
    ("text", "code_point"),
    [
        ("Acme\r\nBcc: all@example.com", "U+000D CARRIAGE RETURN"),
        ("Acme\x00 Ltd", "U+0000 NULL"),
        ("Acme \u202egnp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Acme \u2066Ltd\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("Acme\u2028Ltd", "U+2028 LINE SEPARATOR"),
        ("Acme\x1b[31m", "U+001B ESCAPE"),
    ],
)
def test_a_name_with_control_or_bidi_characters_is_refused_naming_field_and_code_point(
    text: str, code_point: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        basic(legal_name=text)
    error = refused.value.errors()[0]
    assert error["loc"] == ("legal_name",)
    assert code_point in error["msg"]


def test_a_street_line_with_a_line_feed_is_refused_at_its_place_in_the_address() -> None:
    with pytest.raises(ValidationError) as refused:
        basic(registered_address=address(street=["科苑路 15 号\nBcc: x"]))
    error = refused.value.errors()[0]
    assert error["loc"] == ("registered_address", "street", 0)
    assert "U+000A LINE FEED" in error["msg"]


def test_names_in_any_script_and_a_zero_width_joiner_are_kept() -> None:
    for name in ("Müller & Söhne GmbH", "شركة الأمل", "株式会社テスト", "Café‍ Ltd"):
        assert basic(legal_name=name).legal_name == name


def test_a_chinese_letter_reads_from_postcode_and_province_down_to_the_recipient() -> None:
    lines = Address.model_validate(address()).letter_lines("深圳市海川贸易有限公司 财务部")
    assert lines == (
        "518057",
        "广东省深圳市南山区",
        "科技园南区科苑路 15 号",
        "深圳市海川贸易有限公司 财务部",
    )


def test_a_letter_to_germany_has_the_postcode_before_the_town_and_the_country_last() -> None:
    berlin = Address(
        country="DE", city="Berlin", street=("Friedrichstraße 123",), postal_code="10117"
    )
    assert berlin.letter_lines("Acme GmbH") == (
        "Acme GmbH",
        "Friedrichstraße 123",
        "10117 Berlin",
        "GERMANY",
    )


def test_a_us_letter_puts_state_and_zip_after_the_town_and_no_country_at_home() -> None:
    office = Address(
        country="US", region="CA", city="San Francisco", street=("1 Market St", "Suite 300"),
        postal_code="94105",
    )  # fmt: skip
    assert office.letter_lines("Acme Inc.", sent_from="US") == (
        "Acme Inc.",
        "1 Market St",
        "Suite 300",
        "San Francisco, CA 94105",
    )


def test_a_uk_letter_has_the_town_in_capitals_and_the_postcode_on_its_own_line() -> None:
    office = Address(country="GB", city="London", street=("10 Downing St",), postal_code="sw1a 2aa")
    assert office.letter_lines("Acme Ltd")[-3:] == ("LONDON", "SW1A 2AA", "UNITED KINGDOM")


@pytest.mark.parametrize(
    "changes",
    [{"postal_code": "51805"}, {"postal_code": None}, {"street": []}, {"country": "ZZ"}],
)
def test_an_address_a_letter_cannot_reach_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Address.model_validate(address(**changes))


def test_letters_go_to_the_postal_address_when_there_is_one() -> None:
    assert basic().letters_to.city == "深圳市"
    moved = basic(postal_address=address(city="广州市", district="天河区", postal_code="510620"))
    assert moved.letters_to.city == "广州市"


def test_a_customer_cannot_be_its_own_parent_company() -> None:
    with pytest.raises(ValidationError, match="own parent"):
        basic(group="C-1001")


def test_only_the_debtors_staff_hold_business_roles() -> None:
    ContactRoles(role="debtor_staff", business_roles=frozenset({"accounts_payable", "purchasing"}))
    with pytest.raises(ValidationError, match="lawyer is not the debtor's staff"):
        ContactRoles(role="lawyer", business_roles=frozenset({"finance_manager"}))


def test_a_demand_goes_to_the_legal_representative_first_and_a_reminder_to_payables() -> None:
    contacts = {
        "ct-1": ContactRoles(role="debtor_staff", business_roles=frozenset({"purchasing"})),
        "ct-2": ContactRoles(role="debtor_staff", business_roles=frozenset({"accounts_payable"})),
        "ct-3": ContactRoles(
            role="debtor_staff", business_roles=frozenset({"legal_representative"})
        ),
        "ct-4": ContactRoles(role="lawyer"),
    }
    assert addressees(contacts, "demand") == ("ct-3", "ct-1", "ct-2")
    assert addressees(contacts, "reminder")[0] == "ct-2"
