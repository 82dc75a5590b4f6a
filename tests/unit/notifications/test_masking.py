from __future__ import annotations

import pytest

from services.notifications.domain.masking import mask_address, mask_email, mask_phone


@pytest.mark.parametrize(
    ("address", "masked"),
    [("li.wei@example.com", "l***@example.com"), ("a@b.cn", "a***@b.cn"), ("nonsense", "***")],
)
def test_an_email_keeps_only_its_first_letter_and_domain(address: str, masked: str) -> None:
    assert mask_email(address) == masked


def test_a_phone_keeps_only_its_last_four_digits() -> None:
    assert mask_phone("+86 138 0013 8000") == "***8000"
    assert mask_address("sms", "+1 (212) 555-0142") == "***0142"


def test_a_short_number_shows_nothing() -> None:
    assert mask_phone("1234") == "***"
