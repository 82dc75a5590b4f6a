"""Given events → when a decision → then events: one aggregate's history for domain tests."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Generic, Self, TypeVar

from shared.contracts import Event
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision

S = TypeVar("S")
Decide = Callable[[S, Stamp], Decision]


class History(Generic[S]):
    """An aggregate's events so far; ``when`` decides, ``apply`` also records the events."""

    def __init__(
        self,
        aggregate_id: str,
        initial: Callable[[str], S],
        evolve: Callable[[S, Event], S],
        producer: str,
        now: dt.datetime,
    ) -> None:
        self.aggregate_id, self.initial, self.evolve = aggregate_id, initial, evolve
        self.producer, self.now = producer, now
        self.events: list[Event] = []

    @property
    def state(self) -> S:
        state = self.initial(self.aggregate_id)
        for event in self.events:
            state = self.evolve(state, event)
        return state

    def when(self, decide: Callable[[S, Stamp], Decision]) -> Decision:
        stamp = Stamp(
            aggregate_id=self.aggregate_id,
            version=len(self.events),
            now=self.now,
            producer=self.producer,
            correlation_id=uuid.uuid4(),
            causation_id=None,
            seed=str(uuid.uuid4()),
        )
        return decide(self.state, stamp)

    def apply(self, decide: Callable[[S, Stamp], Decision]) -> Decision:
        decision = self.when(decide)
        self.events.extend(decision.events)
        return decision

    def given(self, decides: Iterable[Callable[[S, Stamp], Decision]]) -> Self:
        for decide in decides:
            self.apply(decide)
        return self


def types(decision: Decision) -> list[str]:
    return [event.type for event in decision.events]
