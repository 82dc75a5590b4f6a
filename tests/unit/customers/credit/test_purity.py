"""The credit core is pure: importing it loads no Redis, FastStream, FastAPI, structlog or
YAML, and its code reads no clock and draws no random id."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[4] / "services/customers/domain/credit"
IMPURE = ("redis", "faststream", "fastapi", "starlette", "structlog", "yaml", "httpx")


def test_importing_every_credit_module_loads_nothing_impure() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    script = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('services.customers.domain.credit.' + m)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({IMPURE!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PACKAGE.parents[3], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_no_credit_module_reads_the_clock_or_draws_a_random_id() -> None:
    calls = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"now", "today", "utcnow", "uuid4"}:
                calls.add(f"{path.name}: {node.attr}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                for name in [*names, getattr(node, "module", None) or ""]:
                    if name.split(".")[0] in {"random", "uuid", "time", "secrets"}:
                        calls.add(f"{path.name}: import {name}")
    assert calls == set()
