"""The cyclic garbage collector, set for a long-running service process.

Handling a stream entry allocates hundreds of short-lived objects (events, states,
commands: pydantic models in dicts and tuples). With CPython's default thresholds
(700, 10, 10) a young collection runs every few entries, scanning the batch's
still-live objects and promoting them, and the full collections that follow walk the
whole heap, most of it the modules, classes and validators loaded at start-up. Measured
on collections draining a backlog (bench/collections.py, ``gc µs per fact``): about 56
µs of collector CPU per fact, a fifth of the process's CPU. Two changes bring it to
about 1 µs:

* ``gc.freeze()`` once the process is built: what exists then (code, schemas, the app)
  lives as long as the process, so the collector stops walking it;
* a young-generation threshold of ``gc_young_threshold`` allocations (default 50,000):
  most of an entry's objects are freed by reference counting before a collection comes.

Nothing is collected less surely: cycles created later are still found, only less often
(a young collection every 50,000 net allocations, a few MiB at most). Only the process
entry point (``shared.infra.serve``) calls this; tests building apps in one process do
not freeze what they create.
"""

from __future__ import annotations

import gc


def tune_gc(young_threshold: int) -> None:
    """Freeze what the start-up built and set the young generation's threshold
    (0: leave CPython's defaults, and freeze nothing)."""
    if young_threshold <= 0:
        return
    gc.collect()  # start-up garbage goes now, not frozen with the rest
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(young_threshold, older, oldest)
