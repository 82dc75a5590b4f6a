"""A service process freezes what its start-up built and collects its young generation
less often; a setting of 0 leaves CPython's collector as it is. Each case runs in a
fresh interpreter: freezing the test session's own objects would keep them forever."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc, sys
from shared.infra.gc_tuning import tune_gc
before = gc.get_threshold()
tune_gc(int(sys.argv[1]))
print(before[0], *gc.get_threshold(), gc.get_freeze_count())
"""


def tuned(young_threshold: int) -> list[int]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(young_threshold)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return [int(n) for n in out.split()]


def test_the_start_up_is_frozen_and_the_young_generation_waits_for_its_threshold() -> None:
    default_young, young, older, oldest, frozen = tuned(50_000)
    assert (young, older, oldest) == (50_000, 10, 10)  # the older generations as CPython's
    assert default_young == 700
    assert frozen > 1000  # the modules and classes loaded so far


def test_a_threshold_of_zero_leaves_the_collector_as_cpython_sets_it() -> None:
    _, young, older, oldest, frozen = tuned(0)
    assert (young, older, oldest, frozen) == (700, 10, 10, 0)
