"""Every template × language × channel, rendered with the longest realistic names and
amounts: nothing breaks, lock-screen parts stay neutral, letters are proper letters."""

from __future__ import annotations

import re

import pytest

from services.notifications.adapters.templates.linter import (
    AMOUNT,
    LOCK_SCREEN_WORDS,
    SMS_MAX,
    SMS_PREVIEW_CHARS,
)
from services.notifications.adapters.templates.renderer import TEMPLATE_DIR, JinjaRenderer
from services.notifications.adapters.templates.variables import (
    LONGEST_NAMES,
    SenderProfile,
    sample_facts,
)
from services.notifications.domain.banned import DEBT_WORDS
from services.notifications.domain.catalogue import SPECS
from services.notifications.domain.legal_notice import message_findings

SENDER = SenderProfile()
RENDERER = JinjaRenderer(sender=SENDER)
LANGUAGES = ("en", "zh-CN")
CASES = [(t, lang, ch) for t, spec in SPECS.items() for lang in LANGUAGES
         for ch in sorted(spec.channels)]  # fmt: skip


@pytest.mark.parametrize(("template", "language", "channel"), CASES)
def test_every_template_renders_in_every_language_and_channel_with_the_longest_names(
    template: str, language: str, channel: str
) -> None:
    facts = sample_facts(language)[0]
    message = RENDERER.render(template, language, facts, channel=channel)
    for text in (message.subject, message.body, message.envelope):
        assert not re.search(r"None|undefined|\{\{|\}\}|\{%", text)
    assert message_findings(message, message.legal_notice) == []
    if channel == "sms":
        assert len(message.body) <= SMS_MAX[language], message.body
    if SPECS[template].kind != "limited":
        assert SENDER.creditor_name in message.body  # every message names the creditor
        if channel != "sms":
            assert SENDER.creditor_contact in message.body
    body_source = (TEMPLATE_DIR / f"{template}.{language}.body.j2").read_text()
    if channel != "sms" and "recipient_name" in body_source:
        assert LONGEST_NAMES[language] in message.body  # the name fits, whole


def lock_screen(template: str, language: str, channel: str) -> str:
    message = RENDERER.render(template, language, sample_facts(language)[0], channel=channel)
    if channel == "sms":
        return message.body[: SMS_PREVIEW_CHARS[language]]
    return message.subject


@pytest.mark.parametrize(
    ("template", "language", "channel"),
    [(t, lang, ch) for t, lang, ch in CASES if ch in ("sms", "email")],
)
def test_lock_screen_parts_show_no_amount_and_no_debt_or_payment_words(
    template: str, language: str, channel: str
) -> None:
    shown = lock_screen(template, language, channel)
    assert not AMOUNT.search(shown), shown
    assert not LOCK_SCREEN_WORDS.search(shown), shown
    assert not DEBT_WORDS.search(shown), shown
    assert "9,999" not in shown and "9999" not in shown


LETTERS = [(t, lang) for t, spec in SPECS.items() if "letter" in spec.channels
           for lang in LANGUAGES]  # fmt: skip


@pytest.mark.parametrize(("template", "language"), LETTERS)
def test_letters_carry_date_creditor_address_and_no_email_footer(
    template: str, language: str
) -> None:
    letter = RENDERER.render(template, language, sample_facts(language)[0], channel="letter")
    date = "2026年9月30日" if language == "zh-CN" else "30 September 2026"
    assert date in letter.body.split("\n\n")[1], letter.body[:300]  # dated at the top
    assert SENDER.creditor_address in letter.body and SENDER.creditor_name in letter.body
    assert not re.search(r"unsubscribe|退订|opt[ -]?out|STOP|--\n", letter.body, re.I)
    assert letter.envelope and not DEBT_WORDS.search(letter.envelope)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demand_letter_has_reference_addressee_signature_seal_and_a_dispute_route(
    language: str,
) -> None:
    facts = sample_facts(language)[0]
    letter = RENDERER.render("demand_letter", language, facts, channel="letter").body
    assert facts.reference in letter
    assert LONGEST_NAMES[language] in letter
    if language == "en":
        assert "To: " in letter and "Signature:" in letter and "Company seal" in letter
        assert "If you dispute any of these amounts" in letter
    else:
        assert "致：" in letter and "（盖章）" in letter and "签字" in letter
        assert "有异议" in letter
