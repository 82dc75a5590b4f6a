"""The kernel's safe-text types: a name cannot carry a line break (a forged ``Bcc:`` line in
an e-mail), a NUL or a bidirectional override; the refusal names the field and the
character's code point."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from shared.kernel.text import FreeText, PersonName, one_line


class Contact(BaseModel):
    name: PersonName
    note: FreeText = "-"
    code: one_line(8) = "x"  # type: ignore[valid-type]


@pytest.mark.parametrize(
    ("hostile", "named"),
    [
        ("Li Na\r\nBcc: everyone@elsewhere.example", "U+000D CARRIAGE RETURN"),
        ("Li Na\nBcc: everyone@elsewhere.example", "U+000A LINE FEED"),
        ("Li\x00Na", "U+0000 NULL"),
        ("Li Na\u202egnp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Li\u2066Na", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("Li\u2028Na", "U+2028 LINE SEPARATOR"),
        ("Li\x1bNa", "U+001B ESCAPE"),
    ],
)
def test_a_hostile_name_is_refused_naming_the_field_and_the_code_point(
    hostile: str, named: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Contact(name=hostile)

    [error] = refused.value.errors()
    assert error["loc"] == ("name",)
    assert named in error["msg"]


def test_lawful_names_in_any_script_pass_untouched() -> None:
    for name in ("赵敏华", "O'Brien-Łukasiewicz", "محمد", "Zoë  Ådahl", "李 娜 (财务)"):
        assert Contact(name=name).name == name


def test_free_text_keeps_lines_and_tabs_but_no_other_control() -> None:
    assert Contact(name="A", note="line one\r\nline\ttwo").note == "line one\nline\ttwo"
    with pytest.raises(ValidationError, match=r"U\+000D CARRIAGE RETURN"):
        Contact(name="A", note="a lone\rreturn")
    with pytest.raises(ValidationError, match=r"U\+202E"):
        Contact(name="A", note="paid\u202e0001")


def test_a_text_type_of_ones_own_length() -> None:
    assert Contact(name="A", code="ABC-1").code == "ABC-1"
    with pytest.raises(ValidationError, match="at most 8"):
        Contact(name="A", code="ABCDEFGHI")
