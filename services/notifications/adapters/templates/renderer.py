"""Message templates: Jinja2 in a sandbox, versioned, zh-CN and en, linted before use.

Templates see only pre-formatted text from a fixed set of variables (``docs/templates.md``),
never a model object, and render with ``StrictUndefined``: a misspelt or unknown variable
is refused when the catalogue loads, and fails at once if it ever got through. Loading
runs the linter (:mod:`services.notifications.adapters.linter`) and refuses any finding.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from services.notifications.adapters.templates.lint_cache import (
    Verdict,
    keep_verdict,
    read_verdict,
    verdict_key,
)
from services.notifications.adapters.templates.linter import Draft, Finding, lint
from services.notifications.adapters.templates.variables import (
    SenderProfile,
    check_sender_profile,
    context_of,
    format_date,
    format_money,
    sample_facts,
)
from services.notifications.domain.catalogue import SPECS, TemplateSpec
from services.notifications.domain.errors import TemplateUnavailable
from services.notifications.domain.facts import ReminderFacts
from services.notifications.domain.legal_notice import legal_notice
from services.notifications.domain.message import RenderedMessage
from shared.config_files import safe_yaml

__all__ = ["JinjaRenderer", "TemplateRejected", "format_date", "format_money"]

log = structlog.get_logger("notifications")
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"


class TemplateRejected(ValueError):
    """The catalogue has a template the linter or the sandbox refuses."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(str(f) for f in findings))
        self.findings = findings


def parts_of(spec: TemplateSpec) -> tuple[str, ...]:
    """Files a template needs: subject and body, an SMS body, a letter's envelope line."""
    extra = [p for p, ch in (("sms", "sms"), ("envelope", "letter")) if ch in spec.channels]
    return ("subject", "body", *extra)


def _versioned(version: str, sources: dict[str, str]) -> str:
    """The catalogue's version and a digest of the parts' sources, as messages record it."""
    digest = hashlib.sha256(b"".join(s.encode() for s in sources.values())).hexdigest()
    return f"{version}+{digest[:12]}"


@dataclass(frozen=True)
class _Compiled:
    version: str
    parts: dict[str, Template] = field(default_factory=dict)


class JinjaRenderer:
    """Loads, lints and compiles every catalogued template at start-up (fails fast).

    A finding refuses the whole catalogue, except a template that is too long for SMS with
    the longest realistic names: that template (in that language) alone is refused, with
    the finding as its error, and the rest of the catalogue loads (:attr:`refused`).
    """

    def __init__(
        self,
        directory: Path = TEMPLATE_DIR,
        sender: SenderProfile | None = None,
        verdicts: Path | None = None,
    ) -> None:
        """``verdicts``: a folder where the lint's verdict is kept for the next start with
        the same templates, sender and code (:mod:`.lint_cache`); None lints every time."""
        self.sender = check_sender_profile(sender or SenderProfile())
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(directory), undefined=StrictUndefined,
            autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        )  # fmt: skip
        catalog = safe_yaml((directory / "catalog.yaml").read_text(encoding="utf-8"))
        key = verdict_key(directory, self.sender) if verdicts is not None else ""
        kept = read_verdict(verdicts, key) if verdicts is not None else None
        self.compiled: dict[tuple[str, str], _Compiled] = {}
        self.refused: dict[tuple[str, str], list[Finding]] = {}
        verdict: Verdict = {}
        findings: list[Finding] = []
        for template, entry in catalog.items():
            for language in entry["languages"]:
                earlier = kept.get((template, language)) if kept is not None else None
                compiled, found = self._load(
                    directory, template, language, str(entry["version"]), earlier
                )
                verdict[(template, language)] = found
                self.compiled[(template, language)] = compiled
                alone = [f for f in found if f.rule in TEMPLATE_ONLY_RULES]
                if alone:
                    self.refused[(template, language)] = alone
                    log.error("template_refused", template=template, language=language,
                              findings=[str(f) for f in alone])  # fmt: skip
                findings += [f for f in found if f.rule not in TEMPLATE_ONLY_RULES]
        if verdicts is not None and verdict != kept:
            keep_verdict(verdicts, key, verdict)
        if findings:
            raise TemplateRejected(findings)

    def _load(
        self, directory: Path, template: str, language: str, version: str,
        kept: list[Finding] | None = None,
    ) -> tuple[_Compiled, list[Finding]]:  # fmt: skip
        """The template compiled, and its findings: ``kept`` when its verdict was kept,
        else the linter's."""
        spec = SPECS.get(template)
        if spec is None:
            return _Compiled(version), [Finding("KIND", template, language, "-", "not in SPECS")]
        names = {part: f"{template}.{language}.{part}.j2" for part in parts_of(spec)}
        sources = {part: (directory / name).read_text(encoding="utf-8")
                   for part, name in names.items()}  # fmt: skip
        parts = {part: self.env.get_template(name) for part, name in names.items()}
        compiled = _Compiled(_versioned(version, sources), parts)
        if kept is not None:
            return compiled, kept
        variables = {part: frozenset(meta.find_undeclared_variables(self.env.parse(source)))
                     for part, source in sources.items()}  # fmt: skip
        problems = lint(Draft(template, language, spec, sources, variables, {}))
        if not any(f.rule == "VARS" for f in problems):  # safe to render samples
            problems = []
            used = frozenset().union(*variables.values())
            samples = sample_facts(language)
            if "time_barred_disclosure" not in used:  # the second sample differs only there
                samples = samples[:1]
            for facts in samples:
                sample, notice = self._sample(compiled, template, language, spec, facts)
                draft = Draft(template, language, spec, sources, variables, sample, notice)
                problems += [f for f in lint(draft) if f not in problems]
        return compiled, problems

    def _sample(
        self, compiled: _Compiled, template: str, language: str, spec: TemplateSpec,
        facts: ReminderFacts,
    ) -> tuple[dict[str, str], str]:  # fmt: skip
        notice = _notice(spec, facts, language)
        context = context_of(facts, language, self.sender, notice)
        try:
            text = {part: _clean(part, t.render(context)) for part, t in compiled.parts.items()}
        except TemplateError as exc:
            return {"body": f"render error {type(exc).__name__}"}, ""  # linted as a finding
        for channel in sorted(spec.channels & {"email", "letter"}):
            text[f"footer.{channel}"] = footer(channel, language, facts)
        return text, notice

    def render(
        self, template: str, language: str, facts: ReminderFacts, channel: str = "email"
    ) -> RenderedMessage:
        """The message of ``template`` in ``language`` for ``channel`` (SMS: short body),
        with the channel's footer; ``legal_notice`` is the fixed block it may carry."""
        compiled = self.compiled.get((template, language))
        if compiled is None:
            raise TemplateUnavailable(f"no template {template!r} in {language!r}")
        refused = self.refused.get((template, language))
        if refused:
            raise TemplateUnavailable(
                f"template {template!r} ({language}) was refused when the catalogue loaded: "
                + "; ".join(str(f) for f in refused)
            )
        _check_required(template, facts)
        spec = SPECS[template]
        notice = _notice(spec, facts, language)
        context = context_of(facts, language, self.sender, notice)
        try:
            text = {part: _clean(part, t.render(context)) for part, t in compiled.parts.items()}
        except TemplateError as exc:
            raise TemplateUnavailable(f"template {template!r} ({language}) is broken") from exc
        sms = channel == "sms" and "sms" in text
        body = text["sms"] if sms else text["body"] + footer(channel, language, facts)
        subject = "" if sms else text["subject"]
        return RenderedMessage(template, compiled.version, language, subject, body,
                               envelope=text.get("envelope", ""),
                               legal_notice=notice if notice in body else "")  # fmt: skip


TEMPLATE_ONLY_RULES = frozenset({"SMS"})


def _notice(spec: TemplateSpec, facts: ReminderFacts, language: str) -> str:
    return legal_notice(facts.legal_steps, time_barred=facts.time_barred, language=language,
                        kind=spec.kind)  # fmt: skip


_EMAIL_FOOTER = {
    "en": "--\nYou receive this e-mail because you are registered as a contact for this "
    "account. To stop receiving these e-mails at this address, reply with the word "
    "UNSUBSCRIBE{link}. Other contacts of your company, and other channels, are not affected.",
    "zh-CN": "--\n您收到此邮件是因为您登记为该账户的联系人。"
    "如此邮箱不希望继续收到此类邮件，请回复“退订”{link}。贵司其他联系人及其他渠道不受影响。",
}  # fmt: skip
_LINK = {"en": " or use this link: {url}", "zh-CN": "或访问 {url}"}


def footer(channel: str, language: str, facts: ReminderFacts) -> str:
    """The channel's footer: an e-mail's opt-out line (a letter never carries one)."""
    if channel != "email":
        return ""
    lang = "zh-CN" if language.startswith("zh") else "en"
    url = facts.unsubscribe_link
    link = _LINK[lang].format(url=url) if url else ""
    return "\n" + _EMAIL_FOOTER[lang].format(link=link) + "\n"


def _clean(part: str, text: str) -> str:
    if part in {"subject", "envelope"}:
        return " ".join(text.split())
    return text.strip() + "\n"


def _check_required(template: str, facts: ReminderFacts) -> None:
    spec = SPECS.get(template)
    for name in spec.requires if spec else ():
        value: Any = getattr(facts, name, None)
        if not value:
            raise TemplateUnavailable(f"template {template!r} needs {name}, the request has none")
