"""The cyclic garbage collector of a long-running service process.

Handling a command builds and drops hundreds of small container objects (pydantic models,
dicts, lists). With CPython's default thresholds (700, 10, 10) the collector runs every
few commands, and its older generations walk the whole start-up heap again and again
(modules, pydantic schemas, the app, caches): measured as about a quarter of invoicing's
CPU per ingest command (bench/slice.py). Once a process has imported its modules and built
its app, ``gc.freeze()`` puts everything alive then into the permanent generation, which no
collection scans, and a larger young-generation threshold makes collections rarer; each
still only sees what the process allocated since. Reference cycles are still collected, a
little later. Only a service's own process does this (``shared.infra.serve``): a test
process that starts many apps must not freeze each one's cycles for good.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000
"""Container allocations (net) between young collections; CPython's default is 700."""

YOUNG_THRESHOLDS = {"collections": 200_000, "invoicing": 200_000}
"""Services that keep many states alive between uses (collections caches each debtor's
state until its next fact, invoicing each customer's account) collect less often still: a
young collection scans what was allocated since the one before and is still alive, and
most of a replaced state is gone by then. Draining 100,000 facts over 10,000 debtors
(``bench/collections_drain.py --target``), the collector's CPU fell from 11–12 to 1.4–1.5
µs per fact, and its longest pause stayed of the same order (about 100 ms at 20,000; 150
ms at 200,000). Invoicing's ingest (``bench/slice.py 20000 --invoicing-only``, two
readers' batches in flight): from 2.2–3.2 µs per command to none in the timed window
(``instructions.py invoicing --n 6000``: 1,148,367 → 1,134,050 instructions per command)."""


def young_threshold(service: str, setting: int | None = None) -> int:
    """The young-generation threshold of ``service``: the setting when given
    (``HUIKUAN_GC_YOUNG_THRESHOLD``), else the service's default."""
    return setting if setting is not None else YOUNG_THRESHOLDS.get(service, YOUNG_THRESHOLD)


def settle_after_start(young: int = YOUNG_THRESHOLD) -> None:
    """Call once, when the process has built its app: start-up's garbage collected, the rest
    frozen, the young generation's threshold raised to ``young``."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, old)
