"""No bench script is named like a module of Python's standard library.

``python bench/<script>.py`` puts bench/ first on ``sys.path``. A script named like a
library module then stands in for it in every bench run: on Python 3.12 and newer,
``bench/collections.py`` replaced ``collections`` for ``argparse`` (through ``re``, ``enum``
and ``functools``), and every bench script stopped at its imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_no_bench_script_shadows_a_standard_library_module() -> None:
    scripts = sorted(path.stem for path in BENCH.glob("*.py"))
    assert "slice" in scripts and "collections_drain" in scripts  # the folder was found
    assert [name for name in scripts if name in sys.stdlib_module_names] == []


def test_a_bench_script_runs_with_the_bench_folder_first_on_the_path() -> None:
    # what ``python bench/<script>.py --help`` does: the script's folder is sys.path[0]
    done = subprocess.run(
        [sys.executable, str(BENCH / "collections_drain.py"), "--help"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--target" in done.stdout
