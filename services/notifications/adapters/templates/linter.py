"""The template linter (COMPLIANCE.md R3, R5, R6, R7, T5): run at load time and in CI.

It reads each part's source, the variables it uses, and a sample rendering. Loading
refuses a template with any finding, so a banned word never reaches a debtor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from services.notifications.domain.banned import DEBT_WORDS
from services.notifications.domain.catalogue import TemplateSpec
from services.notifications.domain.legal_notice import (
    LEGAL_NOTICE_KINDS,
    all_notices,
    wording_findings,
)

VARIABLES = frozenset({
    "recipient_name", "reference", "invoices", "invoice_count", "total_outstanding",
    "promise", "instalments", "plan_total", "formal_demand", "reply_by", "payment_link",
    "unsubscribe_link", "business_name", "sender_person", "callback_number",
    "creditor_name", "creditor_address", "creditor_contact", "letter_date", "legal_notice",
    "time_barred_disclosure", "confirm_link", "dispute_link",
})  # fmt: skip
CREDITOR_VARIABLES = frozenset({"creditor_name", "creditor_contact"})
LETTER_VARIABLES = frozenset({"creditor_address", "letter_date"})
LIMITED_VARIABLES = frozenset({"business_name", "sender_person", "callback_number"})
NEUTRAL_VARIABLES = LIMITED_VARIABLES | {"recipient_name"} | CREDITOR_VARIABLES  # T5
CONFIRMATION_VARIABLES = frozenset({"business_name", "recipient_name"}) | CREDITOR_VARIABLES
OPT_OUT = re.compile(r"unsubscribe|opt[ -]?out|\bSTOP\b|退订", re.IGNORECASE)
REPLY_REQUEST = re.compile(r"\b(?:reply|call (?:me |us )?back|call)\b|回复|回电|致电", re.I)
PRIVATE_ACCESS = re.compile(r"\.\s*_|\[\s*['\"]_|\battr\b|\|\s*attr")
SMS_PREVIEW_CHARS = {"en": 100, "zh-CN": 50}  # what a lock screen shows of an SMS
SMS_MAX = {"en": 160, "zh-CN": 120}
AMOUNT = re.compile(
    r"\b[A-Z]{3} ?\d|[¥$€£] ?\d|\d[\d,]*\.\d\d\b|\d+(?:\.\d+)? ?(?:元|万元|美元|欧元|英镑)"
)
LOCK_SCREEN_WORDS = re.compile(
    r"\b(?:payments?|pay|paid|due|reminders?|invoices?|balance|amounts?|demand|arrears|"
    r"late|legal|lawyers?|court)\b|付款|还款|款项|到期|提醒|发票|账款|金额|催|欠|逾期|律师|法院|诉讼",
    re.IGNORECASE,
)
ONE_OF_A_FEW = ("email", "letter")


@dataclass(frozen=True)
class Finding:
    """One problem: the rule it breaks, where, and what was found."""

    rule: str
    template: str
    language: str
    part: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule} {self.template}.{self.language}.{self.part}: {self.detail}"


@dataclass(frozen=True)
class Draft:
    """One language of one template, as the linter sees it."""

    template: str
    language: str
    spec: TemplateSpec
    sources: Mapping[str, str]  # part -> Jinja source
    variables: Mapping[str, frozenset[str]]  # part -> variables it reads
    rendered: Mapping[str, str]  # part -> text rendered from sample facts
    notice: str = ""  # the fixed legal-step block the sample carries (allowed there only)


def banned_content(text: str, notice: str = "") -> list[str]:
    """R5: every banned phrase found in ``text`` (threats, shaming, posing, abuse, and a
    legal step anywhere but in the fixed ``notice`` block), by the wording linter."""
    return [str(finding) for finding in wording_findings(text, notice)]


def debt_wording(text: str) -> list[str]:
    """R7: words that tell an onlooker this is about a debt."""
    return [match.group(0) for match in DEBT_WORDS.finditer(text)]


def lint(draft: Draft) -> list[Finding]:
    """Every finding of ``draft``; an empty list means it may be loaded and sent."""
    found: list[tuple[str, str, str]] = []
    found += _variables(draft)
    found += _banned(draft)
    if not draft.rendered:  # no sample rendering (unsafe variables): sources only
        return [Finding(rule, draft.template, draft.language, part, detail)
                for rule, part, detail in found]  # fmt: skip
    found += _opt_out(draft)
    found += _visible_to_others(draft)
    found += _lock_screen(draft)
    found += _shape(draft)
    found += _creditor(draft)
    found += _sms_length(draft)
    return [Finding(rule, draft.template, draft.language, part, detail)
            for rule, part, detail in found]  # fmt: skip


def _variables(draft: Draft) -> list[tuple[str, str, str]]:
    found = []
    for part, names in draft.variables.items():
        found += [("VARS", part, f"unknown variable {name!r}") for name in names - VARIABLES]
        if PRIVATE_ACCESS.search(draft.sources[part]):
            found.append(("VARS", part, "private attribute access"))
    return found


def _banned(draft: Draft) -> list[tuple[str, str, str]]:
    found = [("R5", part, f"banned content {hit}")
             for part, hit in _banned_by_part(draft.sources, "")]  # fmt: skip
    found += [("R5", part, f"banned content {hit}")
              for part, hit in _banned_by_part(draft.rendered, draft.notice)]  # fmt: skip
    found += [("R5", part, "a legal step written as free text: place {{ legal_notice }}")
              for part, text in draft.sources.items()
              if any(n in text for n in all_notices())]  # fmt: skip
    if draft.spec.kind not in LEGAL_NOTICE_KINDS:
        found += [("R5", part, f"no legal step in a {draft.spec.kind} template")
                  for part, names in draft.variables.items()
                  if "legal_notice" in names]  # fmt: skip
    return found


def _banned_by_part(texts: Mapping[str, str], notice: str) -> list[tuple[str, str]]:
    """R5 over all parts at once (one pass of the wording linter, not one per part), each
    finding told by the part it is in. Parts are joined by a blank line: no phrase spans
    two of them."""
    joined, spans, at = [], [], 0
    for part, text in texts.items():
        spans.append((at, at + len(text), part))
        joined.append(text)
        at += len(text) + len(_JOIN)
    return [(next(p for start, end, p in spans if start <= f.start <= end), str(f))
            for f in wording_findings(_JOIN.join(joined), notice)]  # fmt: skip


_JOIN = "\n\n。\n\n"


def _opt_out(draft: Draft) -> list[tuple[str, str, str]]:
    if draft.spec.kind == "opt_out_confirmation":
        return []
    email = draft.rendered.get("body", "") + draft.rendered.get("footer.email", "")
    texts = {"body": email, "sms": draft.rendered.get("sms", "")}
    parts = [p for p, ch in (("body", "email"), ("sms", "sms")) if ch in draft.spec.channels]
    found = [("R3", part, "no opt-out instructions")
             for part in parts if not OPT_OUT.search(texts[part])]  # fmt: skip
    if "letter" in draft.spec.channels:
        letter = draft.rendered.get("body", "") + draft.rendered.get("footer.letter", "")
        if OPT_OUT.search(letter):
            found.append(("R3", "body", "a letter would carry opt-out text: the e-mail footer "
                          "is added per channel, leave it out of the body"))  # fmt: skip
    return found


def _visible_to_others(draft: Draft) -> list[tuple[str, str, str]]:
    """R7: what others may see — e-mail subject, SMS preview, envelope — names no debt."""
    if draft.spec.kind in {"limited", "location_inquiry", "opt_out_confirmation"}:
        visible = dict(draft.rendered)
    else:
        visible = _lock_screen_parts(draft)
    if "letter" in draft.spec.channels and not draft.rendered.get("envelope", "").strip():
        return [("R7", "envelope", "a letter needs an envelope line (no postcards)")]
    return [("R7", part, f"debt wording visible to others {hit!r}")
            for part, text in visible.items() for hit in debt_wording(text)]  # fmt: skip


def _lock_screen_parts(draft: Draft) -> dict[str, str]:
    """What a passer-by may see: an e-mail subject, an SMS preview, an envelope line."""
    shown = {"envelope"} | ({"subject"} if "email" in draft.spec.channels else set())
    visible = {p: t for p, t in draft.rendered.items() if p in shown}
    if "sms" in draft.rendered:
        visible["sms"] = draft.rendered["sms"][: SMS_PREVIEW_CHARS.get(draft.language, 50)]
    return visible


def _lock_screen(draft: Draft) -> list[tuple[str, str, str]]:
    """R7: no amount and no payment or legal word on a lock screen or an envelope."""
    found = []
    for part, text in _lock_screen_parts(draft).items():
        found += [("R7", part, f"amount visible to others {m.group(0)!r}")
                  for m in AMOUNT.finditer(text)]  # fmt: skip
        found += [("R7", part, f"payment wording visible to others {m.group(0)!r}")
                  for m in LOCK_SCREEN_WORDS.finditer(text)]  # fmt: skip
    return found


def _creditor(draft: Draft) -> list[tuple[str, str, str]]:
    """Every message names the creditor and how to reach it; a letter also its address and
    its date."""
    used = frozenset().union(*draft.variables.values())
    needed = CREDITOR_VARIABLES | (LETTER_VARIABLES if "letter" in draft.spec.channels else set())
    if draft.spec.kind == "limited":  # R6: the business name and a call-back number only
        return []
    found = [("CREDITOR", "-", f"the message does not state {name}")
             for name in sorted(needed - used)]  # fmt: skip
    if "sms" in draft.variables and "creditor_name" not in draft.variables["sms"]:
        found.append(("CREDITOR", "sms", "the SMS does not state creditor_name"))
    return found


def _shape(draft: Draft) -> list[tuple[str, str, str]]:
    """R6 limited content, T5 location inquiry, R3 bare confirmation: only their variables."""
    allowed = {"limited": LIMITED_VARIABLES, "location_inquiry": NEUTRAL_VARIABLES,
               "opt_out_confirmation": CONFIRMATION_VARIABLES}.get(draft.spec.kind)  # fmt: skip
    if allowed is None:
        return []
    rule = {"limited": "R6", "location_inquiry": "T5"}.get(draft.spec.kind, "R3")
    found = [(rule, part, f"{name!r} is not allowed in a {draft.spec.kind} template")
             for part, names in draft.variables.items()
             for name in sorted(names - allowed)]  # fmt: skip
    if draft.spec.kind == "limited":
        for part in ("body", "sms"):
            if part in draft.variables:
                found += _limited_message(draft, part)
    return found


def _limited_message(draft: Draft, part: str) -> list[tuple[str, str, str]]:
    """R6: business name, a person's name, a call-back number and a request to reply."""
    found = [("R6", part, f"limited content must state {name}")
             for name in sorted(LIMITED_VARIABLES - draft.variables[part])]  # fmt: skip
    if draft.rendered and not REPLY_REQUEST.search(draft.rendered.get(part, "")):
        found.append(("R6", part, "limited content must ask for a reply"))
    return found


def _sms_length(draft: Draft) -> list[tuple[str, str, str]]:
    text = draft.rendered.get("sms")
    limit = SMS_MAX.get(draft.language, 160)
    if text is None or len(text) <= limit:
        return []
    return [("SMS", "sms", f"{len(text)} characters, more than {limit}")]
