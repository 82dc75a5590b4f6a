"""The start-up lint's verdict kept on disk, under a key made of everything it depends on.

Linting the catalogue is most of a notifications process's start (seconds on a 2-core
machine). The verdict, every finding of every template in every language, is a pure
function of the template files, the sender profile, and the code and libraries that render
and lint them. A process that starts again with all of these unchanged reads the verdict
instead of linting again; any change to any of them is another key, so a verdict is never
used for a catalogue, sender or linter it was not made for.

The key covers every file of the template directory (name and bytes), the sender profile,
every Python file of the ``services.notifications`` and ``shared`` packages, and the
versions of Python, Jinja2, pypinyin, pydantic and PyYAML. A verdict that cannot be read
(missing, damaged, another key) means a full lint; one that cannot be written (a read-only
directory) is logged and the process goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import structlog

import services.notifications
import shared
from services.notifications.adapters.templates.linter import Finding

log = structlog.get_logger("notifications")

_FORMAT = "template-lint/1"
_LIBRARIES = ("jinja2", "pypinyin", "pydantic", "pydantic-core", "pyyaml")
_CODE = (Path(services.notifications.__file__).parent, Path(shared.__file__).parent)

Verdict = dict[tuple[str, str], list[Finding]]
"""Every (template, language)'s findings, as the full lint gave them."""


def verdict_key(directory: Path, sender: object) -> str:
    """What the lint of ``directory`` for ``sender`` depends on, as one digest."""
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    digest.update(f"\0sender={sender!r}".encode())
    _files(digest, "templates", directory, sorted(p for p in directory.rglob("*") if p.is_file()))
    for root in _CODE:
        _files(digest, root.name, root, sorted(root.rglob("*.py")))
    return digest.hexdigest()


def _files(digest: hashlib._Hash, label: str, root: Path, paths: Iterable[Path]) -> None:
    for path in paths:
        content = path.read_bytes()
        digest.update(f"\0{label}/{path.relative_to(root).as_posix()}\0{len(content)}\0".encode())
        digest.update(content)


def read_verdict(folder: Path, key: str) -> Verdict | None:
    """The verdict kept for ``key``; None when there is none or it cannot be read."""
    path = folder / f"{key}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") != key:
            return None
        return {
            (entry["template"], entry["language"]): [Finding(**f) for f in entry["findings"]]
            for entry in kept["templates"]
        }
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("template_lint_verdict_unreadable", path=str(path), error=repr(exc))
        return None


def keep_verdict(folder: Path, key: str, verdict: Verdict) -> None:
    """Keep ``verdict`` under ``key`` (written whole, then renamed), and only it: verdicts
    of other keys are removed."""
    body = {
        "key": key,
        "templates": [
            {"template": t, "language": lang, "findings": [vars(f) for f in found]}
            for (t, lang), found in verdict.items()
        ],
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f"{key}.json.{os.getpid()}.part"
        part.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        os.replace(part, folder / f"{key}.json")
        for old in folder.glob("*.json"):
            if old.name != f"{key}.json":
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("template_lint_verdict_not_kept", folder=str(folder), error=repr(exc))
