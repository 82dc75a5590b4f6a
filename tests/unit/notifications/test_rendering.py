"""Templates render politely and factually in both languages, and their hash is stable."""

from __future__ import annotations

import re

import pytest
from jinja2.exceptions import SecurityError

from services.notifications.adapters.templates.renderer import JinjaRenderer, format_money
from services.notifications.domain.errors import TemplateUnavailable
from services.notifications.domain.facts import ReminderFacts
from tests.unit.notifications.builders import cny, invoice

LANGUAGES = ["zh-CN", "en"]
RENDERER = JinjaRenderer()


def facts(name: str = "李伟", outstanding: str = "12345.50") -> ReminderFacts:
    invoices = (invoice("INV-2026-0042", outstanding), invoice("INV-2026-0043", "800.00"))
    return ReminderFacts(name, invoices, cny("13145.50"), "req-7")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reminder_states_every_invoice_number_amount_and_due_date(language: str) -> None:
    message = RENDERER.render("overdue_reminder_1", language, facts())
    for text in ("INV-2026-0042", "INV-2026-0043", "CNY 12,345.50", "CNY 800.00", "CNY 13,145.50"):
        assert text in message.body
    due = "2026年10月1日" if language == "zh-CN" else "1 October 2026"
    assert message.body.count(due) == 2
    assert "CNY 13,145.50" not in message.subject  # R7: a subject others may see


@pytest.mark.parametrize(("language", "opt_out"), [("zh-CN", "退订"), ("en", "UNSUBSCRIBE")])
def test_every_reminder_carries_an_opt_out_line(language: str, opt_out: str) -> None:
    assert opt_out in RENDERER.render("overdue_reminder_1", language, facts()).body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["李伟", ""])
def test_nothing_renders_as_none_undefined_or_an_empty_placeholder(
    language: str, name: str
) -> None:
    message = RENDERER.render("overdue_reminder_1", language, facts(name))
    for text in (message.subject, message.body):
        assert not re.search(r"None|undefined|\{\{|\}\}|\{%", text)
    assert "\n" not in message.subject
    greeting = message.body.splitlines()[0]
    assert greeting in {"Dear 李伟,", "Dear Sir or Madam,", "尊敬的李伟：", "尊敬的客户："}


def test_the_language_decides_the_words() -> None:
    zh = RENDERER.render("overdue_reminder_1", "zh-CN", facts())
    en = RENDERER.render("overdue_reminder_1", "en", facts())
    assert "来函" in zh.subject and "Your account with" in en.subject
    assert not re.search(r"[\u4e00-\u9fff]", en.body.replace("李伟", ""))


def test_the_content_hash_is_stable_and_changes_with_the_content() -> None:
    first = RENDERER.render("overdue_reminder_1", "en", facts())
    again = JinjaRenderer().render("overdue_reminder_1", "en", facts())
    other = RENDERER.render("overdue_reminder_1", "en", facts(outstanding="12345.51"))
    assert first.content_sha256 == again.content_sha256
    assert re.fullmatch(r"[0-9a-f]{64}", first.content_sha256)
    assert other.content_sha256 != first.content_sha256


def test_the_template_version_names_the_declared_version_and_the_file_contents() -> None:
    zh = RENDERER.render("overdue_reminder_1", "zh-CN", facts())
    en = RENDERER.render("overdue_reminder_1", "en", facts())
    assert re.fullmatch(r"2\+[0-9a-f]{12}", zh.template_version)
    assert zh.template_version != en.template_version


def test_an_unknown_template_or_language_is_refused() -> None:
    with pytest.raises(TemplateUnavailable):
        RENDERER.render("overdue_reminder_9", "en", facts())
    with pytest.raises(TemplateUnavailable):
        RENDERER.render("overdue_reminder_1", "fr", facts())


def test_templates_run_in_a_sandbox_that_cannot_reach_python_internals() -> None:
    sneaky = RENDERER.env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(SecurityError):
        sneaky.render()


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [("1234567.5", "CNY", "CNY 1,234,567.50"), ("5000", "JPY", "JPY 5,000"),
     ("0.125", "KWD", "KWD 0.125")],
)  # fmt: skip
def test_amounts_show_the_currency_and_its_own_decimal_places(
    amount: str, currency: str, text: str
) -> None:
    from decimal import Decimal

    from shared.contracts import Money

    assert format_money(Money(amount=Decimal(amount), currency=currency)) == text
