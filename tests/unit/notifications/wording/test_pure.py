"""The wording linter and the calendars are pure domain code: importing them brings in no
I/O library, not even transitively."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("redis", "faststream", "fastapi", "structlog", "httpx", "aiosmtplib", "uvicorn")


def test_the_wording_linter_and_calendars_import_no_io_library() -> None:
    probe = (
        "import sys\n"
        "import services.notifications.domain.wording, services.notifications.domain.calendars\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
