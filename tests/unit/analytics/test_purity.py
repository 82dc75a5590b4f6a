"""The analytics core stays pure: importing it loads no I/O library, not even transitively."""

from __future__ import annotations

import subprocess
import sys

IMPURE = ("redis", "faststream", "fastapi", "structlog", "openpyxl", "httpx")


def test_importing_the_analytics_domain_loads_no_io_library() -> None:
    probe = (
        "import sys, services.analytics.domain, services.analytics.domain.exports\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({IMPURE!r})))"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )

    assert done.stdout.strip() == "[]"
