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

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from services.notifications.adapters.templates.linter import Draft, Finding, lint
from services.notifications.adapters.templates.variables import (
    SAMPLE_FACTS,
    SenderProfile,
    context_of,
    format_date,
    format_money,
)
from services.notifications.domain.catalogue import SPECS, TemplateSpec
from services.notifications.domain.errors import TemplateUnavailable
from services.notifications.domain.facts import ReminderFacts
from services.notifications.domain.message import RenderedMessage

__all__ = ["JinjaRenderer", "TemplateRejected", "format_date", "format_money"]

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


@dataclass(frozen=True)
class _Compiled:
    version: str
    parts: dict[str, Template] = field(default_factory=dict)


class JinjaRenderer:
    """Loads, lints and compiles every catalogued template at start-up (fails fast)."""

    def __init__(self, directory: Path = TEMPLATE_DIR, sender: SenderProfile | None = None):
        self.sender = sender or SenderProfile()
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(directory), undefined=StrictUndefined,
            autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        )  # fmt: skip
        catalog = yaml.safe_load((directory / "catalog.yaml").read_text(encoding="utf-8"))
        self.compiled: dict[tuple[str, str], _Compiled] = {}
        findings: list[Finding] = []
        for template, entry in catalog.items():
            for language in entry["languages"]:
                compiled, found = self._load(directory, template, language, str(entry["version"]))
                self.compiled[(template, language)] = compiled
                findings += found
        if findings:
            raise TemplateRejected(findings)

    def _load(
        self, directory: Path, template: str, language: str, version: str
    ) -> tuple[_Compiled, list[Finding]]:
        spec = SPECS.get(template)
        if spec is None:
            return _Compiled(version), [Finding("KIND", template, language, "-", "not in SPECS")]
        names = {part: f"{template}.{language}.{part}.j2" for part in parts_of(spec)}
        sources = {part: (directory / name).read_text(encoding="utf-8")
                   for part, name in names.items()}  # fmt: skip
        digest = hashlib.sha256(b"".join(s.encode() for s in sources.values())).hexdigest()
        variables = {part: frozenset(meta.find_undeclared_variables(self.env.parse(source)))
                     for part, source in sources.items()}  # fmt: skip
        parts = {part: self.env.get_template(name) for part, name in names.items()}
        compiled = _Compiled(f"{version}+{digest[:12]}", parts)
        problems = lint(Draft(template, language, spec, sources, variables, {}))
        if not any(f.rule == "VARS" for f in problems):  # safe to render a sample
            sample = self._sample(compiled, language)
            problems = lint(Draft(template, language, spec, sources, variables, sample))
        return compiled, problems

    def _sample(self, compiled: _Compiled, language: str) -> dict[str, str]:
        context = context_of(SAMPLE_FACTS, language, self.sender)
        try:
            return {part: _clean(part, t.render(context)) for part, t in compiled.parts.items()}
        except TemplateError as exc:
            return {"body": f"render error {type(exc).__name__}"}  # linted as a finding

    def render(
        self, template: str, language: str, facts: ReminderFacts, channel: str = "email"
    ) -> RenderedMessage:
        """The message of ``template`` in ``language`` for ``channel`` (SMS: short body)."""
        compiled = self.compiled.get((template, language))
        if compiled is None:
            raise TemplateUnavailable(f"no template {template!r} in {language!r}")
        _check_required(template, facts)
        context = context_of(facts, language, self.sender)
        try:
            text = {part: _clean(part, t.render(context)) for part, t in compiled.parts.items()}
        except TemplateError as exc:
            raise TemplateUnavailable(f"template {template!r} ({language}) is broken") from exc
        body = text["sms"] if channel == "sms" and "sms" in text else text["body"]
        subject = "" if channel == "sms" and "sms" in text else text["subject"]
        return RenderedMessage(template, compiled.version, language, subject, body,
                               envelope=text.get("envelope", ""))  # fmt: skip


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
