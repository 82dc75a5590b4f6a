"""Secrets an installation makes for itself outside staging and production.

A developer's machine needs secrets too (the API-key records' secret, the PII master key,
the console's secret), but no one should have to invent them, and none may be a value
written in the source (anyone could then decrypt or forge). Each is made once, at random,
in a file of its own under the installation's ``var`` directory (mode 0600), and read from
there ever after: random per installation, stable across restarts.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

DEPLOYED = ("staging", "production")


def local_secret(path: Path, make: Callable[[], str]) -> str:
    """The secret kept in ``path``, made with ``make`` (and written 0600) the first time.

    The file appears whole or not at all (written aside, then hard-linked into place), so
    processes starting together all read the one secret that won.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(make() + "\n")
        try:
            os.link(aside, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            aside.unlink()
    return path.read_text(encoding="utf-8").strip()


def local_secret_path(var_dir: str | Path, name: str) -> Path:
    """Where the installation under ``var_dir`` keeps its secret ``name``."""
    return Path(var_dir) / "secrets" / name
