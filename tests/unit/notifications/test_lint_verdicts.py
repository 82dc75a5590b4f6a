"""The start-up lint's verdict kept on disk: a start with the same templates, sender and code
reads it instead of linting again; any change to them lints again."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from services.notifications.adapters.templates import lint_cache, renderer
from services.notifications.adapters.templates.renderer import (
    TEMPLATE_DIR,
    JinjaRenderer,
    TemplateRejected,
)
from services.notifications.adapters.templates.variables import SenderProfile

LONG_CREDITOR = SenderProfile(
    creditor_name="Consolidated Precision Fasteners and Industrial "
    "Components Manufacturing (Asia Pacific) Pte. Ltd."
)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue that a test may change."""
    return Path(shutil.copytree(TEMPLATE_DIR, tmp_path / "templates"))


@pytest.fixture
def lints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates the linter is run on, from now on, as ``template.language``."""
    linted: list[str] = []
    lint = renderer.lint

    def counting(draft: Any) -> Any:
        linted.append(f"{draft.template}.{draft.language}")
        return lint(draft)

    monkeypatch.setattr(renderer, "lint", counting)
    return linted


def summary(loaded: JinjaRenderer) -> tuple[dict[Any, str], dict[Any, list[str]]]:
    """What a load decided: every template's version, and what it refused and why."""
    versions = {key: compiled.version for key, compiled in loaded.compiled.items()}
    return versions, {key: [str(f) for f in found] for key, found in loaded.refused.items()}


def test_a_second_start_with_nothing_changed_reads_the_verdict_and_lints_nothing(
    templates: Path, tmp_path: Path, lints: list[str]
) -> None:
    verdicts = tmp_path / "verdicts"
    first = JinjaRenderer(templates, LONG_CREDITOR, verdicts=verdicts)
    assert lints and first.refused  # linted; the long name refuses some SMS templates
    lints.clear()

    again = JinjaRenderer(templates, LONG_CREDITOR, verdicts=verdicts)

    assert lints == []
    assert summary(again) == summary(first)
    assert len(list(verdicts.glob("*.json"))) == 1


def test_a_changed_template_is_linted_again_and_refused(
    templates: Path, tmp_path: Path, lints: list[str]
) -> None:
    verdicts = tmp_path / "verdicts"
    JinjaRenderer(templates, verdicts=verdicts)  # clean: the verdict says so
    body = templates / "overdue_reminder_1.en.body.j2"
    body.write_text(body.read_text(encoding="utf-8") + "\nWe will tell your neighbours.\n")
    lints.clear()

    with pytest.raises(TemplateRejected, match=r"R5 overdue_reminder_1\.en\.body"):
        JinjaRenderer(templates, verdicts=verdicts)
    assert "overdue_reminder_1.en" in lints


def test_another_sender_is_linted_again_with_its_own_names(
    templates: Path, tmp_path: Path, lints: list[str]
) -> None:
    verdicts = tmp_path / "verdicts"
    plain = JinjaRenderer(templates, verdicts=verdicts)
    lints.clear()

    long = JinjaRenderer(templates, LONG_CREDITOR, verdicts=verdicts)

    assert lints
    assert plain.refused == {}
    assert ("overdue_reminder_1", "en") in long.refused


def test_a_changed_line_of_code_is_another_key(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "rules.py").write_text("BANNED = ('tell your neighbours',)\n", encoding="utf-8")
    monkeypatch.setattr(lint_cache, "_CODE", (code,))
    before = lint_cache.verdict_key(templates, SenderProfile())
    (code / "rules.py").write_text("BANNED = ('tell your neighbour',)\n", encoding="utf-8")
    assert lint_cache.verdict_key(templates, SenderProfile()) != before


def test_a_damaged_verdict_is_linted_again_and_replaced(
    templates: Path, tmp_path: Path, lints: list[str]
) -> None:
    verdicts = tmp_path / "verdicts"
    first = JinjaRenderer(templates, LONG_CREDITOR, verdicts=verdicts)
    [kept] = verdicts.glob("*.json")
    kept.write_text(kept.read_text(encoding="utf-8")[:100], encoding="utf-8")
    lints.clear()

    again = JinjaRenderer(templates, LONG_CREDITOR, verdicts=verdicts)

    assert lints
    assert summary(again) == summary(first)
    lints.clear()
    JinjaRenderer(templates, LONG_CREDITOR, verdicts=verdicts)
    assert lints == []  # replaced by a whole one


def test_a_folder_that_cannot_be_written_only_costs_the_lint(
    templates: Path, tmp_path: Path, lints: list[str]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")

    loaded = JinjaRenderer(templates, verdicts=blocked / "verdicts")

    assert lints
    assert set(loaded.compiled) == set(JinjaRenderer(templates).compiled)
