"""The layering rules hold, on the import graph of the tree read with ``ast``
(``tests/support/layering.py``) and, for purity, in a fresh interpreter.

- A domain module imports nothing of the tree but ``shared.kernel``, ``shared.contracts``
  and its own domain, and no module it reaches imports redis, faststream, fastapi,
  starlette, structlog, httpx or uvicorn; the contracts import only contracts and the
  kernel; the kernel imports no third party but pydantic.
- An entrypoint never imports an adapter; a service never imports another service;
  nothing under ``services/`` or ``shared/`` imports ``tooling``.

The negative test copies ``shared/``, ``services/`` and ``tooling/`` into a temporary folder,
writes one forbidden import into each of four modules there (structlog into a collections
domain module, an adapter into an invoicing entrypoint, the customers service into
notifications, the CLI into the web edge) and shows the same check then reports those
four (and the domain modules that reach structlog through the first), while the untouched
copy reports none.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.layering import IO_LIBRARIES, PACKAGES, Graph, violations

ROOT = Path(__file__).resolve().parent.parent


def test_the_tree_keeps_every_layering_rule() -> None:
    assert violations(Graph.of(ROOT)) == []


def test_importing_every_domain_module_and_the_kernel_loads_no_io_library() -> None:
    graph = Graph.of(ROOT)
    pure = [m for m in graph.imports if ".domain" in m or m.startswith("shared.kernel")]
    script = (
        "import importlib, json, sys\n"
        f"for name in {sorted(pure)!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    loaded = set(json.loads(done.stdout))
    assert len(pure) > 50 and loaded & IO_LIBRARIES == set()


def test_a_forbidden_import_written_into_a_copy_breaks_the_rules(tmp_path: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    forbidden = {
        "services/collections/domain/standing.py": "import structlog",
        "services/invoicing/entrypoints/admin.py": (
            "from services.invoicing.adapters.index import RedisInvoiceIndex"
        ),
        "services/notifications/application/views.py": (
            "from services.customers.domain.state import CustomerState"
        ),
        "shared/web/body_limit.py": "from tooling.cli import app",
    }
    assert violations(Graph.of(tmp_path)) == []
    for path, line in forbidden.items():
        with (tmp_path / path).open("a", encoding="utf-8") as module:
            module.write(f"\n{line}\n")

    found = violations(Graph.of(tmp_path))

    direct = {
        "services.collections.domain.standing: a domain module reaches structlog",
        "services.invoicing.entrypoints.admin: an entrypoint imports the adapter "
        "services.invoicing.adapters.index",
        "services.notifications.application.views: a service imports another service's "
        "services.customers.domain.state",
        "shared.web.body_limit: imports developer tooling tooling.cli",
    }
    assert direct <= set(found)
    # The domain modules that import standing.py reach structlog through it: also reported.
    through = set(found) - direct
    assert through and all(
        f.startswith("services.collections.domain.") and f.endswith("reaches structlog")
        for f in through
    )
