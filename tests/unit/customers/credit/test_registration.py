"""统一社会信用代码 (GB 32100-2015): the check character, worked by hand, and other registers.

Alphabet (value = position): 0–9 are 0–9, then
A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30
(no I, O, Z, S, V). Weights of positions 1–17: 3^(i-1) mod 31 =
1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
Check character = the character worth 31 - (Σ value × weight) mod 31, where 31 reads as 0.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.customers.domain.credit.registration import (
    USCC_ALPHABET,
    USCC_WEIGHTS,
    RegistrationNumber,
    check_uscc,
    uscc_check_character,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_the_alphabet_and_weights_are_those_of_the_standard() -> None:
    assert (USCC_ALPHABET, USCC_WEIGHTS) == (ALPHABET, WEIGHTS)
    # a lone 1 in position 17: 1 × 28 = 28  →  31 - 28 = 3
    assert uscc_check_character("00000000000000001") == "3"


def test_the_standards_own_example_checks_with_3() -> None:
    # 9  1  3  5   0  1   0  0  M=21 0  0  0  1  0  0  Y=30 4
    # 9 +3 +27 +135 +0 +26 +0 +0 +420 +0 +0 +0 +8 +0 +0 +900 +112 = 1640
    # 1640 = 31 × 52 + 28  →  31 - 28 = 3  →  "3"
    assert uscc_check_character("91350100M000100Y4") == "3"
    assert check_uscc("91350100M000100Y43") == "91350100M000100Y43"


def test_a_code_whose_check_is_a_letter() -> None:
    # 9  1  1  1   0  1   0  8    5    5    1   3   8   5    0  8    2
    # 9 +3 +9 +27 +0 +26 +0 +136 +100 +145 +25 +39 +64 +120 +0 +240 +56 = 999
    # 999 = 31 × 32 + 7  →  31 - 7 = 24  →  "Q"
    assert check_uscc("91110108551385082Q") == "91110108551385082Q"


def test_a_sum_divisible_by_31_checks_with_0() -> None:
    # 9  1  4   4    0  3   0  0  7    0  8    4   6   1   1   2   8
    # 9 +3 +36 +108 +0 +78 +0 +0 +140 +0 +200 +52 +48 +24 +10 +60 +224 = 992 = 31 × 32
    # 31 - 0 = 31, which reads as 0  →  "0"
    assert check_uscc("914403007084611280") == "914403007084611280"


def test_lower_case_and_surrounding_spaces_are_read_as_the_code() -> None:
    assert check_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        # one character off: the last digit of the standard's example
        ("91350100M000100Y44", "check character is '4', but the first 17 characters give '3'"),
        # two neighbours swapped (positions 13 and 14, weights 8 and 24): 1640 - 8 + 24 = 1656
        # = 31 × 53 + 13  →  31 - 13 = 18  →  "J", not "3"
        ("91350100M000010Y43", "give 'J'"),
        ("91350100M000100I43", "except I, O, Z, S, V"),  # I is not in the alphabet
        ("91350100M000100S43", "except I, O, Z, S, V"),
        ("9135A100M000100Y43", "6-digit administrative division"),
        ("91350100M000100Y4", "18 characters, got 17"),
        ("", "18 characters, got 0"),
    ],
)
def test_a_mistyped_code_is_refused_saying_why(code: str, why: str) -> None:
    with pytest.raises(ValueError, match=why.replace("(", r"\(")):
        check_uscc(code)


def test_a_chinese_company_needs_a_valid_uscc() -> None:
    assert RegistrationNumber(country="cn", number="91350100m000100y43").number == (
        "91350100M000100Y43"
    )
    with pytest.raises(ValidationError) as refused:
        RegistrationNumber(country="CN", number="91350100M000100Y44")
    assert refused.value.errors()[0]["loc"] == ("number",)


@pytest.mark.parametrize(
    ("country", "number"),
    [("DE", "HRB 12345"), ("GB", "01234567"), ("US", "12-3456789"), ("FR", "552 100 554")],
)
def test_other_countries_keep_their_register_number_as_written(country: str, number: str) -> None:
    registration = RegistrationNumber(country=country, number=number)
    assert (registration.number, registration.scheme) == (number, "national")


@pytest.mark.parametrize(
    ("country", "number"), [("XX", "123"), ("DE", "HRB\n123"), ("DE", "-123"), ("US", "")]
)
def test_unknown_countries_and_odd_numbers_are_refused(country: str, number: str) -> None:
    with pytest.raises(ValidationError):
        RegistrationNumber(country=country, number=number)
