"""Given events → when a command → then events: one aggregate's history for domain tests.

``when`` runs the domain's ``decide(state, command, now, **context)`` and stamps the events
as the repository would (``shared.infra.repository.stamp``), without storing them;
``apply`` also records them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any, Generic, Self, TypeVar

from shared.contracts import Event
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, stamp
from shared.kernel import Decision

S = TypeVar("S")
C = TypeVar("C")


class History(Generic[S, C]):
    """An aggregate's events so far; ``when`` decides, ``apply`` also records the events."""

    def __init__(
        self,
        aggregate_id: str,
        initial: Callable[[str], S],
        evolve: Callable[[S, Event], S],
        decide: Callable[..., Decision],
        producer: str,
        now: dt.datetime,
        **context: Any,
    ) -> None:
        self.aggregate_id, self.initial, self.evolve = aggregate_id, initial, evolve
        self.decide, self.context = decide, context
        self.producer, self.now = producer, now
        self.events: list[Event] = []

    @property
    def state(self) -> S:
        state = self.initial(self.aggregate_id)
        for event in self.events:
            state = self.evolve(state, event)
        return state

    def when(self, command: C, **context: Any) -> Decision:
        decision = self.decide(self.state, command, self.now, **{**self.context, **context})
        ref = StreamRef("test", self.aggregate_id, self.aggregate_id)
        cause = Cause(correlation_id=uuid.uuid4())
        events = stamp(decision.events, ref, len(self.events), str(uuid.uuid4()), self.producer,
                       cause)  # fmt: skip
        return Decision(events=events, schedule=decision.schedule, cancel=decision.cancel)

    def apply(self, command: C, **context: Any) -> Decision:
        decision = self.when(command, **context)
        self.events.extend(decision.events)
        return decision

    def given(self, commands: Iterable[C]) -> Self:
        for command in commands:
            self.apply(command)
        return self


def types(decision: Decision) -> list[str]:
    return [event.type for event in decision.events]
