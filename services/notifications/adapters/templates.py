"""Message templates: Jinja2 in a sandbox, versioned, zh-CN and en.

Templates see only pre-formatted text (see ``templates/catalog.yaml``), never a model
object, and render with ``StrictUndefined``: a misspelt variable fails at once instead of
printing an empty string or ``None``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from services.notifications.application.ports import ReminderFacts, TemplateUnavailable
from services.notifications.domain.message import RenderedMessage
from shared.contracts import Money
from shared.contracts.money import minor_units

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def format_money(money: Money) -> str:
    """``CNY 12,345.00``: grouped, with the currency's own decimal places."""
    places = minor_units(money.currency)
    amount = money.amount.quantize(Decimal(1).scaleb(-places))
    return f"{money.currency} {amount:,.{places}f}"


def format_date(day: date, language: str) -> str:
    if language == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


@dataclass(frozen=True)
class _Compiled:
    version: str
    subject: Template
    body: Template


class JinjaRenderer:
    """Loads and compiles every catalogued template at start-up (fails fast if broken)."""

    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(directory), undefined=StrictUndefined,
            autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        )  # fmt: skip
        catalog = yaml.safe_load((directory / "catalog.yaml").read_text(encoding="utf-8"))
        self.compiled: dict[tuple[str, str], _Compiled] = {}
        for template, entry in catalog.items():
            for language in entry["languages"]:
                self.compiled[(template, language)] = self._compile(
                    directory, template, language, str(entry["version"])
                )

    def _compile(self, directory: Path, template: str, language: str, version: str) -> _Compiled:
        names = [f"{template}.{language}.{part}.j2" for part in ("subject", "body")]
        digest = hashlib.sha256()
        for name in names:
            digest.update((directory / name).read_bytes())
        subject, body = (self.env.get_template(name) for name in names)
        return _Compiled(f"{version}+{digest.hexdigest()[:12]}", subject, body)

    def render(self, template: str, language: str, facts: ReminderFacts) -> RenderedMessage:
        compiled = self.compiled.get((template, language))
        if compiled is None:
            raise TemplateUnavailable(f"no template {template!r} in {language!r}")
        context = _context(facts, language)
        try:
            subject = " ".join(compiled.subject.render(context).split())
            body = compiled.body.render(context).strip() + "\n"
        except TemplateError as exc:
            raise TemplateUnavailable(f"template {template!r} ({language}) is broken") from exc
        return RenderedMessage(template, compiled.version, language, subject, body)


def _context(facts: ReminderFacts, language: str) -> dict[str, Any]:
    return {
        "recipient_name": facts.recipient_name.strip(),
        "invoices": [
            {"number": inv.external_number, "due_date": format_date(inv.due_date, language),
             "outstanding": format_money(inv.outstanding)}
            for inv in facts.invoices
        ],
        "invoice_count": len(facts.invoices),
        "total_outstanding": format_money(facts.total_outstanding),
        "reference": facts.reference,
    }  # fmt: skip
