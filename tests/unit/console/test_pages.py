"""The console's words and how it places a service's refusal next to a form field."""

from __future__ import annotations

import re
from pathlib import Path

from services.console.application.errors import ApiError
from services.console.entrypoints.i18n import ZH_CN, translator

CONSOLE = Path(__file__).resolve().parents[3] / "services" / "console" / "entrypoints"


def test_every_text_the_pages_show_has_its_chinese() -> None:
    said = set()
    for source in [*CONSOLE.glob("templates/*.html"), *CONSOLE.glob("*.py")]:
        said |= set(re.findall(r"""\bt\((["'])(.+?)\1[,)]""", source.read_text()))
    missing = sorted(text for _, text in said if text not in ZH_CN and not text.startswith("/"))
    assert missing == []


def test_a_text_is_filled_in_in_the_reader_s_language() -> None:
    assert translator("zh-CN")("Page {page} of {pages}", page=2, pages=5) == "第 2 页，共 5 页"
    assert translator("en")("Page {page} of {pages}", page=2, pages=5) == "Page 2 of 5"
    assert translator("en")("escalated_legal") == "escalated legal"
    assert translator("zh-CN")("escalated_legal") == "已转法务"


def test_a_validation_error_lands_on_the_field_it_names() -> None:
    body = {"detail": [{"loc": ["body", "amount", "amount"], "msg": "must be positive"}]}
    fields, whole = ApiError.of(422, body).for_form(("amount", "currency", "due_on"))
    assert (fields, whole) == ({"amount": "must be positive"}, "")


def test_a_named_rule_lands_on_its_field_and_an_unknown_one_on_the_form() -> None:
    past = {"error": "rule_violated", "rule": "PromiseDateInPast", "detail": "due in the past"}
    assert ApiError.of(422, past).for_form(("amount", "due_on")) == (
        {"due_on": "due in the past"}, "")  # fmt: skip
    other = {"error": "conflict", "rule": "SomethingElse", "detail": "no"}
    assert ApiError.of(409, other).for_form(("amount",)) == ({}, "no")
