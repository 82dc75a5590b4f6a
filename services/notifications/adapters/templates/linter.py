"""The template linter (COMPLIANCE.md R3, R5, R6, R7, T5): run at load time and in CI.

It reads each part's source, the variables it uses, and a sample rendering. Loading
refuses a template with any finding, so a banned word never reaches a debtor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from services.notifications.domain.banned import BANNED, DEBT_WORDS
from services.notifications.domain.catalogue import TemplateSpec

VARIABLES = frozenset({
    "recipient_name", "reference", "invoices", "invoice_count", "total_outstanding",
    "promise", "instalments", "plan_total", "formal_demand", "reply_by", "payment_link",
    "unsubscribe_link", "business_name", "sender_person", "callback_number",
})  # fmt: skip
LIMITED_VARIABLES = frozenset({"business_name", "sender_person", "callback_number"})
NEUTRAL_VARIABLES = LIMITED_VARIABLES | {"recipient_name"}  # T5, opt-out confirmation
CONFIRMATION_VARIABLES = frozenset({"business_name", "recipient_name"})
OPT_OUT = re.compile(r"unsubscribe|opt[ -]?out|\bSTOP\b|退订", re.IGNORECASE)
REPLY_REQUEST = re.compile(r"\b(?:reply|call (?:me |us )?back|call)\b|回复|回电|致电", re.I)
PRIVATE_ACCESS = re.compile(r"\.\s*_|\[\s*['\"]_|\battr\b|\|\s*attr")
SMS_PREVIEW_CHARS = 40
SMS_MAX = {"en": 160, "zh-CN": 120}


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


def banned_content(text: str) -> list[str]:
    """R5: every banned phrase found in ``text`` (threats, shaming, posing, abuse…)."""
    return [match.group(0) for pattern in BANNED for match in pattern.finditer(text)]


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
    found += _shape(draft)
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
    texts = [*draft.sources.items(), *draft.rendered.items()]
    return [("R5", part, f"banned content {hit!r}")
            for part, text in texts for hit in banned_content(text)]  # fmt: skip


def _opt_out(draft: Draft) -> list[tuple[str, str, str]]:
    if draft.spec.kind == "opt_out_confirmation":
        return []
    parts = [p for p, ch in (("body", "email"), ("sms", "sms")) if ch in draft.spec.channels]
    return [("R3", part, "no opt-out instructions")
            for part in parts if not OPT_OUT.search(draft.rendered.get(part, ""))]  # fmt: skip


def _visible_to_others(draft: Draft) -> list[tuple[str, str, str]]:
    """R7: what others may see — e-mail subject, SMS preview, envelope — names no debt."""
    if draft.spec.kind in {"limited", "location_inquiry", "opt_out_confirmation"}:
        visible = dict(draft.rendered)
    else:
        shown = {"envelope"} | ({"subject"} if "email" in draft.spec.channels else set())
        visible = {p: t for p, t in draft.rendered.items() if p in shown}
        if "sms" in draft.rendered:
            visible["sms"] = draft.rendered["sms"][:SMS_PREVIEW_CHARS]
    if "letter" in draft.spec.channels and not draft.rendered.get("envelope", "").strip():
        return [("R7", "envelope", "a letter needs an envelope line (no postcards)")]
    return [("R7", part, f"debt wording visible to others {hit!r}")
            for part, text in visible.items() for hit in debt_wording(text)]  # fmt: skip


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
