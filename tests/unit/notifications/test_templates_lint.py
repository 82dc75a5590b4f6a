"""The template linter and the sandbox: shipped templates are clean, bad ones never load."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from services.notifications.adapters.templates.linter import VARIABLES, banned_content
from services.notifications.adapters.templates.renderer import (
    TEMPLATE_DIR,
    JinjaRenderer,
    TemplateRejected,
    parts_of,
)
from services.notifications.adapters.templates.variables import (
    SAMPLE_FACTS,
    SenderProfile,
    context_of,
    sample_facts,
)
from services.notifications.domain.catalogue import SPECS
from services.notifications.domain.errors import TemplateUnavailable

CORPUS = Path(__file__).with_name("redteam_corpus.txt")
LINES = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]  # fmt: skip
SHIPPED = JinjaRenderer()

GOOD_SMS = "{{ creditor_name }}: please call {{ callback_number }}. Reply STOP to opt out."
GOOD = {
    "subject": "A note from {{ business_name }} (ref. {{ reference }})",
    "body": "Hello,\nplease pay {{ total_outstanding }}.\n"
    "{{ creditor_name }}\n{{ creditor_contact }}",
    "sms": GOOD_SMS,
}


def load_one(tmp_path: Path, template: str, language: str = "en", **parts: str) -> list[str]:
    """Load a catalogue of one template; the findings as ``"RULE part"`` strings."""
    spec = SPECS[template]
    files = {**GOOD, "envelope": "{{ business_name }}", **parts}
    (tmp_path / "catalog.yaml").write_text(
        f"{template}: {{version: '1', languages: [{language}]}}\n", encoding="utf-8"
    )
    for part in parts_of(spec):
        (tmp_path / f"{template}.{language}.{part}.j2").write_text(files[part], encoding="utf-8")
    try:
        loaded = JinjaRenderer(tmp_path)
    except TemplateRejected as rejected:
        return [f"{f.rule} {f.part}" for f in rejected.findings]
    return [f"{f.rule} {f.part}" for found in loaded.refused.values() for f in found]


def test_every_shipped_template_loads_with_zero_findings_in_both_languages() -> None:
    assert set(SHIPPED.compiled) == {(t, lang) for t in SPECS for lang in ("zh-CN", "en")}


def test_the_red_team_corpus_is_large_and_bilingual() -> None:
    chinese = [line for line in LINES if any("\u4e00" <= ch <= "\u9fff" for ch in line)]
    assert len(LINES) >= 140 and len(chinese) >= 60


@pytest.mark.parametrize("line", LINES)
def test_every_red_team_line_is_caught_by_the_linter(line: str) -> None:
    assert banned_content(line), line


@pytest.mark.parametrize("line", LINES[::7])
def test_a_template_carrying_a_red_team_line_is_refused_at_load(tmp_path: Path, line: str) -> None:
    body = GOOD["body"].replace("please pay", f"{line} Please pay")
    assert "R5 body" in load_one(tmp_path, "overdue_reminder_2", body=body)


def test_a_clean_template_loads(tmp_path: Path) -> None:
    assert load_one(tmp_path, "overdue_reminder_2") == []


# The sandbox and the fixed variable set


def test_a_template_reaching_for_python_internals_is_refused_at_load(tmp_path: Path) -> None:
    findings = load_one(tmp_path, "overdue_reminder_2", body="{{ ''.__class__ }} unsubscribe")
    assert "VARS body" in findings


def test_a_template_using_an_unknown_variable_is_refused_at_load(tmp_path: Path) -> None:
    findings = load_one(tmp_path, "overdue_reminder_2", body="{{ contact.phone }} unsubscribe")
    assert findings == ["VARS body"]


def test_templates_are_given_exactly_the_documented_variables() -> None:
    assert set(context_of(SAMPLE_FACTS, "en", SenderProfile())) == VARIABLES


# R3 opt-out, R7 what others see, SMS length


def test_a_body_with_its_own_unsubscribe_line_is_refused_where_it_may_go_by_letter(
    tmp_path: Path,
) -> None:
    body = GOOD["body"] + "\n--\nTo stop these e-mails, reply UNSUBSCRIBE."
    assert "R3 body" in load_one(tmp_path, "supply_halt_notice", body=body)
    assert "R3 body" not in load_one(tmp_path, "overdue_reminder_2", body=body)  # e-mail only


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_email_carries_the_opt_out_footer_and_no_letter_does(language: str) -> None:
    facts = sample_facts(language)[0]
    for template, spec in SPECS.items():
        if template == "opt_out_confirmation":
            continue
        if "email" in spec.channels:
            body = SHIPPED.render(template, language, facts, channel="email").body
            assert "UNSUBSCRIBE" in body or "退订" in body, template
            assert "Other contacts" in body or "其他联系人" in body, template
        if "letter" in spec.channels:
            letter = SHIPPED.render(template, language, facts, channel="letter").body
            assert not re.search(r"unsubscribe|退订|opt[ -]?out|STOP", letter, re.I), template


def test_an_sms_without_stop_is_refused(tmp_path: Path) -> None:
    assert "R3 sms" in load_one(tmp_path, "overdue_reminder_2", sms="Please pay {{ reference }}.")


@pytest.mark.parametrize("subject", ["Overdue invoice", "Debt notice", "逾期提醒", "欠款通知"])
def test_an_email_subject_naming_the_debt_is_refused(tmp_path: Path, subject: str) -> None:
    assert "R7 subject" in load_one(tmp_path, "overdue_reminder_2", subject=subject)


def test_an_sms_whose_preview_names_the_debt_is_refused(tmp_path: Path) -> None:
    sms = "逾期提醒：请支付 {{ total_outstanding }}。回复“退订”或STOP退订"
    assert "R7 sms" in load_one(tmp_path, "overdue_reminder_2", "zh-CN", sms=sms)


def test_a_letter_without_an_envelope_line_or_with_debt_on_it_is_refused(tmp_path: Path) -> None:
    assert "R7 envelope" in load_one(tmp_path, "demand_letter", envelope=" ")
    assert "R7 envelope" in load_one(tmp_path, "demand_letter", envelope="催收部 欠款通知")


def test_a_long_sms_is_refused(tmp_path: Path) -> None:
    sms = GOOD_SMS.replace("please call", "please call " + "us soon, " * 12)
    assert "SMS sms" in load_one(tmp_path, "overdue_reminder_2", sms=sms)


def test_an_over_long_sms_refuses_that_template_only_with_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATE_DIR, tmp_path, dirs_exist_ok=True)
    long = tmp_path / "overdue_reminder_2.en.sms.j2"
    long.write_text(long.read_text().replace("Please", "Please, " + "at your convenience, " * 5))
    catalogue = JinjaRenderer(tmp_path)
    assert set(catalogue.refused) == {("overdue_reminder_2", "en")}
    facts = sample_facts("en")[0]
    catalogue.render("overdue_reminder_1", "en", facts, channel="sms")  # the rest loads
    catalogue.render("overdue_reminder_2", "zh-CN", facts, channel="sms")
    with pytest.raises(TemplateUnavailable, match=r"overdue_reminder_2.*\(en\).*more than 160"):
        catalogue.render("overdue_reminder_2", "en", facts, channel="sms")


def test_sms_length_is_checked_with_the_configured_names() -> None:
    sender = SenderProfile(
        creditor_name="Consolidated Precision Fasteners and Industrial "
        "Components Manufacturing (Asia Pacific) Pte. Ltd."
    )
    catalogue = JinjaRenderer(sender=sender)
    refused = {t for t, lang in catalogue.refused if lang == "en"}
    assert {"overdue_reminder_1", "overdue_reminder_2"} <= refused
    assert all(re.search(r"\d+ characters, more than 1[26]0", str(f))
               for found in catalogue.refused.values() for f in found)  # fmt: skip
    assert ("overdue_reminder_1", "en") not in JinjaRenderer().refused


# R6 limited content, T5 location inquiry, R3 bare confirmation

LIMITED = ("This is {{ sender_person }} of {{ business_name }}. Please call me back on "
           "{{ callback_number }} or reply. Reply STOP to opt out.")  # fmt: skip


def test_the_limited_template_shape_is_accepted(tmp_path: Path) -> None:
    assert load_one(tmp_path, "limited_content", subject="{{ business_name }}",
                    body=LIMITED, sms=LIMITED) == []  # fmt: skip


@pytest.mark.parametrize("extra", ["{{ total_outstanding }}", "{{ reference }}",
                                   "{{ recipient_name }}", "{{ payment_link }}"])  # fmt: skip
def test_a_limited_template_with_any_other_field_is_refused(tmp_path: Path, extra: str) -> None:
    findings = load_one(tmp_path, "limited_content", subject="{{ business_name }}",
                        body=f"{LIMITED} {extra}", sms=LIMITED)  # fmt: skip
    assert "R6 body" in findings


def test_a_limited_template_missing_the_call_back_number_or_the_reply_request_is_refused(
    tmp_path: Path,
) -> None:
    bare = "This is {{ sender_person }} of {{ business_name }}. STOP to opt out."
    findings = load_one(tmp_path, "limited_content", subject="{{ business_name }}",
                        body=bare, sms=LIMITED)  # fmt: skip
    assert findings.count("R6 body") == 2


def test_a_limited_template_naming_the_debt_is_refused(tmp_path: Path) -> None:
    findings = load_one(tmp_path, "limited_content", subject="{{ business_name }}",
                        body=LIMITED + " 关于逾期款项。", sms=LIMITED)  # fmt: skip
    assert "R7 body" in findings


@pytest.mark.parametrize("extra", ["{{ total_outstanding }}", "{{ invoices }}",
                                   "{{ reference }}"])  # fmt: skip
def test_a_location_inquiry_may_not_state_amount_invoice_or_reference(
    tmp_path: Path, extra: str
) -> None:
    findings = load_one(tmp_path, "location_inquiry", subject="Contact details",
                        body=f"{LIMITED} {extra} unsubscribe", sms=LIMITED)  # fmt: skip
    assert "T5 body" in findings


@pytest.mark.parametrize("word", ["debt", "overdue", "逾期", "欠款"])
def test_a_location_inquiry_may_not_mention_the_debt(tmp_path: Path, word: str) -> None:
    findings = load_one(tmp_path, "location_inquiry", subject="Contact details",
                        body=f"{LIMITED} {word} unsubscribe", sms=LIMITED)  # fmt: skip
    assert "R7 body" in findings


def test_the_shipped_location_inquiry_states_no_amount_invoice_or_debt() -> None:
    message = SHIPPED.render("location_inquiry", "zh-CN", SAMPLE_FACTS)
    for fact in ("2,000.50", "INV-2026-0001", "逾期", "欠款", SAMPLE_FACTS.reference):
        assert fact not in message.body and fact not in message.subject


def test_an_opt_out_confirmation_carries_nothing_else(tmp_path: Path) -> None:
    findings = load_one(tmp_path, "opt_out_confirmation", subject="Unsubscribed",
                        body="You opted out. Pay here: {{ payment_link }}",
                        sms="You opted out.")  # fmt: skip
    assert "R3 body" in findings
