"""The pure kernel every service's domain builds on: pydantic and the standard library only.

No Redis, FastStream, FastAPI or structlog is reachable from here (``tests/test_layering.py``
keeps it so): what a decision is, the durable timer value, time as epoch milliseconds,
derived ids, and the base classes of domain errors (their HTTP answers live in
``shared.web.errors``).
"""

from shared.kernel.decision import Decision
from shared.kernel.errors import Conflict, CorruptHistory, DomainError, NotFound
from shared.kernel.events import new_event
from shared.kernel.ids import derived_id
from shared.kernel.time import from_epoch_ms, to_epoch_ms
from shared.kernel.timer import Timer

__all__ = [
    "Conflict",
    "CorruptHistory",
    "Decision",
    "DomainError",
    "NotFound",
    "Timer",
    "derived_id",
    "from_epoch_ms",
    "new_event",
    "to_epoch_ms",
]
