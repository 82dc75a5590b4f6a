"""What a decision returns: the events to append and the timers to (un)schedule with them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.kernel.timer import Timer

if TYPE_CHECKING:  # the envelope's type only; the kernel imports nothing of contracts
    from shared.contracts.envelope import Event


@dataclass(frozen=True)
class Decision:
    """Events to append, timers to schedule and timer ids to cancel, in one atomic append."""

    events: Sequence[Event] = ()
    schedule: Sequence[Timer] = ()
    cancel: Sequence[str] = ()
    state: object | None = None
    """The aggregate after ``events``, as the decider folded them on its way (None: the
    repository folds them). It must be what folding the stored events gives: a decider
    sets it only where its fold reads no envelope field (ids, versions, producer)."""
