"""Lawful legal steps as fixed content (COMPLIANCE.md R5), and the message wording check.

A template never words a legal step itself: it places the ``legal_notice`` block, whose
text is fixed here and chosen by what the debtor's dunning policy configures at its next
levels (hand-over to an agency, to legal). No step configured → no block (R5: no threat of
an action not intended); a time-barred debt → no block, ever, and in a jurisdiction whose
pack asks for it (``us``) the time-barred disclosure instead. The wording linter then
allows legal-step wording inside that block only.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from services.notifications.domain.message import RenderedMessage
from services.notifications.domain.wording import Finding, Permit, check
from shared.contracts.notifications import LegalStep

LEGAL_NOTICE_KINDS = frozenset({"dunning", "demand", "remedy_notice"})
"""Kinds of template a legal step may be stated in (never a reminder before the due date,
a confirmation, a statement or a limited-content message)."""

_NOTICES: dict[tuple[LegalStep, str], str] = {
    ("agency", "en"): "If the amount remains unpaid and no payment date is agreed, we may "
    "pass the matter to a debt collection agency.",
    ("legal", "en"): "If the amount remains unpaid and no payment date is agreed, we may "
    "refer the matter to our lawyers, who may issue legal proceedings to recover it.",
    ("agency", "zh-CN"): "如上述款项仍未支付且未约定付款日期，我们可能委托专业催收机构处理。",
    ("legal", "zh-CN"): "如上述款项仍未支付且未约定付款日期，我们可能依法向人民法院提起诉讼。",
}  # fmt: skip

_TIME_BARRED_DISCLOSURE = {
    # 12 CFR 1006.26(b) and the CFPB's model wording (B2B: followed as the best standard).
    "en": "The law limits how long you can be sued on a debt. Because of the age of this "
    "debt, {creditor} will not sue you for it.",
    "zh-CN": "法律对追讨债务的期限有所限制。鉴于该笔款项的账龄，{creditor}不会就此向您提起诉讼。",
}  # fmt: skip


def legal_notice(steps: Sequence[LegalStep], *, time_barred: bool, language: str, kind: str) -> str:
    """The fixed ``legal_notice`` text for the next configured step (``steps`` in the order
    of the policy's levels), or "" when none may be stated: no step configured, a
    time-barred debt, or a kind that states no legal step."""
    if time_barred or kind not in LEGAL_NOTICE_KINDS or not steps:
        return ""
    lang = "zh-CN" if language.startswith("zh") else "en"
    return _NOTICES[(steps[0], lang)]


def time_barred_disclosure(language: str, creditor: str, *, required: bool) -> str:
    """The time-barred disclosure where the pack requires it ("" elsewhere)."""
    if not required:
        return ""
    lang = "zh-CN" if language.startswith("zh") else "en"
    return _TIME_BARRED_DISCLOSURE[lang].format(creditor=creditor)


def all_notices() -> tuple[str, ...]:
    """Every fixed legal-step sentence (a template may not copy one in as free text)."""
    return tuple(_NOTICES.values())


def wording_findings(text: str, notice: str = "") -> list[Finding]:
    """R5 on one text: abuse anywhere; legal-step wording only inside ``notice``, the fixed
    block this message may carry (every place it occurs)."""
    return list(_findings(text, notice))


@lru_cache(maxsize=4096)
def _findings(text: str, notice: str) -> tuple[Finding, ...]:
    # Cached: the catalogue's sources and sample parts repeat across samples at load time.
    permits = [Permit(at, at + len(notice)) for at in _occurrences(text, notice)]
    return tuple(check(text, allowed=frozenset(), permits=permits))


def message_findings(message: RenderedMessage, notice: str = "") -> list[Finding]:
    """R5 over everything a recipient or an onlooker reads: subject, body, envelope."""
    parts = (message.subject, message.body, message.envelope)
    return [f for part in parts if part for f in wording_findings(part, notice)]


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + len(needle))
    return found
