"""Lawful legal steps as fixed content: stated only where the policy configures them, never
for time-barred debt; the legal-word ban holds everywhere else; addresses pass."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from services.notifications.adapters.templates.renderer import JinjaRenderer
from services.notifications.adapters.templates.variables import (
    SenderProfile,
    SenderProfileRefused,
    check_sender_profile,
    sample_facts,
)
from services.notifications.domain.legal_notice import (
    legal_notice,
    message_findings,
    wording_findings,
)
from services.notifications.domain.wording import Category
from tests.unit.notifications.test_templates_lint import GOOD, load_one

RENDERER = JinjaRenderer()
LANGUAGES = ["en", "zh-CN"]
STEP_WORDS = {"en": ("lawyers", "proceedings", "collection agency"),
              "zh-CN": ("人民法院", "诉讼", "催收机构")}  # fmt: skip


def facts(language: str, **changes: object):  # type: ignore[no-untyped-def]
    return dataclasses.replace(sample_facts(language)[0], **changes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demand_letter_states_the_next_configured_step_in_its_fixed_block(
    language: str,
) -> None:
    letter = RENDERER.render("demand_letter", language, facts(language, legal_steps=("legal",)),
                             channel="letter")  # fmt: skip
    assert letter.legal_notice and letter.legal_notice in letter.body
    assert letter.legal_notice == legal_notice(("legal",), time_barred=False,
                                               language=language, kind="demand")  # fmt: skip
    assert message_findings(letter, letter.legal_notice) == []
    # the same words without the block's permit are a legal step, refused outside it
    assert {f.category for f in message_findings(letter)} == {Category.LEGAL_STEP}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_step_configured_means_no_legal_wording_at_all(language: str) -> None:
    for template in ("demand_letter", "overdue_reminder_2", "supply_halt_notice"):
        body = RENDERER.render(template, language, facts(language, legal_steps=())).body
        assert not any(word in body for word in STEP_WORDS[language]), template
        assert wording_findings(body) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_time_barred_debt_never_gets_a_legal_step(language: str) -> None:
    barred = facts(language, legal_steps=("agency", "legal"), time_barred=True, jurisdiction="cn")
    letter = RENDERER.render("demand_letter", language, barred, channel="letter")
    assert letter.legal_notice == ""
    assert not any(word in letter.body for word in STEP_WORDS[language])


def test_the_us_pack_adds_the_time_barred_disclosure_and_others_do_not() -> None:
    barred = facts("en", legal_steps=("legal",), time_barred=True)
    us = RENDERER.render("demand_letter", "en", dataclasses.replace(barred, jurisdiction="us"))
    cn = RENDERER.render("demand_letter", "en", dataclasses.replace(barred, jurisdiction="cn"))
    disclosure = "Because of the age of this debt, Huikuan Demo Trading Co., Ltd. will not sue"
    assert disclosure in us.body and disclosure not in cn.body
    assert message_findings(us) == []  # the disclosure is lawful wording, not a threat
    current = RENDERER.render("demand_letter", "en", dataclasses.replace(barred,
                              time_barred=False, jurisdiction="us"))  # fmt: skip
    assert "age of this debt" not in current.body


def test_only_the_next_step_is_stated_agency_before_legal() -> None:
    text = legal_notice(("agency", "legal"), time_barred=False, language="en", kind="demand")
    assert "collection agency" in text and "lawyers" not in text


def test_reminders_and_confirmations_state_no_legal_step() -> None:
    for kind in ("reminder", "confirmation", "statement", "limited"):
        assert legal_notice(("legal",), time_barred=False, language="en", kind=kind) == ""


def test_a_template_wording_a_legal_step_itself_is_refused(tmp_path: Path) -> None:
    body = GOOD["body"] + "\nOtherwise we may issue legal proceedings against your company."
    assert "R5 body" in load_one(tmp_path, "overdue_reminder_2", body=body)


def test_a_template_copying_the_fixed_text_instead_of_placing_the_block_is_refused(
    tmp_path: Path,
) -> None:
    copied = legal_notice(("legal",), time_barred=False, language="en", kind="demand")
    assert "R5 body" in load_one(tmp_path, "overdue_reminder_2", body=GOOD["body"] + copied)


def test_a_reminder_template_may_not_place_the_legal_block(tmp_path: Path) -> None:
    body = GOOD["body"] + "\n{{ legal_notice }}"
    assert "R5 body" in load_one(tmp_path, "pre_due_reminder", body=body)
    assert "R5 body" not in load_one(tmp_path, "overdue_reminder_2", body=body)


@pytest.mark.parametrize(
    "address",
    [
        "4 Court Road, Cambridge CB2 1AA",
        "上海市黄浦区公安街12号",
        "北京市法院路8号",
        "1 Police Street",
    ],
)
def test_addresses_that_sound_like_authorities_are_not_refused(address: str) -> None:
    sender = check_sender_profile(SenderProfile(creditor_address=address))
    catalogue = JinjaRenderer(sender=sender)
    for language in LANGUAGES:
        letter = catalogue.render("demand_letter", language, facts(language), channel="letter")
        assert address in letter.body
        assert message_findings(letter, letter.legal_notice) == []


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("creditor_name", "", "CREDITOR_NAME is empty"),
        ("creditor_address", "Line one\nLine two", "line break"),
        ("creditor_contact", "call us or we will call the police", "banned wording"),
        ("business_name", "Debt Collections Dept", "reveals collection"),
        ("creditor_name", "x" * 121, "at most 120"),
    ],
)
def test_sender_settings_are_checked_at_start_naming_the_setting(
    field: str, value: str, says: str
) -> None:
    with pytest.raises(SenderProfileRefused, match=says) as refused:
        JinjaRenderer(sender=SenderProfile(**{field: value}))
    assert "HUIKUAN_NOTIFICATIONS_" in str(refused.value)
