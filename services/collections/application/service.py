"""Use cases of collections: follow other services' facts per debtor, fire review timers,
take collectors' commands; show a debtor (now or as of a past instant) and verify it.

A followed event is applied with its own ``event_id`` as idempotency key, a fired timer
with its id and due time: a redelivery appends nothing and so never repeats a step.
``follow_many`` applies a batch of events about distinct debtors at one clock reading, with
one pipelined load and one pipeline of appends (``Repository.execute_many``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import structlog

from services.collections.application.standing import DebtorStanding
from services.collections.application.views import ChainReport, DebtorView
from services.collections.application.worklist import Worklist
from services.collections.domain.book import PolicyBook
from services.collections.domain.commands import Command, Review, command_for
from services.collections.domain.decide import decide
from services.collections.domain.errors import DebtorNotFound
from services.collections.domain.state import Debtor, fold, initial
from shared.contracts import Event
from shared.contracts.collections import Provenance
from shared.infra.clock import Clock
from shared.infra.repository import Cause, Outcome, Repository, Work
from shared.kernel import Timer, derived_id
from shared.kernel.decision import Decision

SERVICE = "collections"
log = structlog.get_logger(SERVICE)


@dataclass
class Collections:
    repository: Repository[Debtor]
    clock: Clock
    book: PolicyBook
    worklist: Worklist | None = None
    # The repository writes each debtor's worklist row in its append (the composition root
    # wires it so); the service then has no second write to make.
    worklist_in_append: bool = False

    async def follow(self, event: Event) -> Outcome[Debtor] | None:
        """Apply one integration event to the debtor it names; None if it concerns none."""
        cmd = command_for(event)
        if cmd is None:
            return None
        cause = Cause(event.correlation_id, event.event_id, str(event.event_id))
        return await self._decide(cmd, cause)

    async def follow_many(self, events: Sequence[Event]) -> list[BaseException | None]:
        """Apply a batch of integration events (distinct debtors apply together); per event
        None when applied (or about no debtor), else the error it met."""
        results: list[BaseException | None] = [None] * len(events)
        work: list[tuple[int, Command, Work[Debtor]]] = []
        for index, event in enumerate(events):
            cmd = command_for(event)
            if cmd is not None:
                cause = Cause(event.correlation_id, event.event_id, str(event.event_id))
                work.append((index, cmd, (self.repository.ref(cmd.customer_id),
                                          self._decision(cmd), cause)))  # fmt: skip
        outcomes = await self.repository.execute_many([w for _, _, w in work])
        now: dt.datetime | None = None
        for (index, cmd, _), outcome in zip(work, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                results[index] = outcome
                continue
            self._log_transitions(cmd, outcome)
            if self.worklist is not None and outcome.events and not self.worklist_in_append:
                now = now or await self.clock.now()
                await self.worklist.update(outcome.state, outcome.version, now)
        return results

    async def on_timer(self, timer: Timer) -> Outcome[Debtor]:
        """A debtor's review timer fired: look at it again on the clock's day."""
        key = f"{timer.timer_id}@{timer.due_ms}"
        cause = Cause(derived_id("collections", "timer", key), None, key)
        return await self._decide(Review(customer_id=timer.aggregate_id), cause)

    async def command(self, cmd: Command, request_key: str | None = None) -> Outcome[Debtor]:
        """A collector's command; ``request_key`` (Idempotency-Key) makes a retry harmless."""
        key = request_key and f"{cmd.customer_id}:{type(cmd).__name__}:{request_key}"
        return await self._decide(cmd, Cause(uuid.uuid4(), None, key))

    def _decision(self, cmd: Command) -> Callable[[Debtor, dt.datetime], Decision]:
        return lambda state, now: decide(state, cmd, now, self.book)

    async def _decide(self, cmd: Command, cause: Cause) -> Outcome[Debtor]:
        ref = self.repository.ref(cmd.customer_id)
        outcome = await self.repository.execute(ref, self._decision(cmd), cause)
        self._log_transitions(cmd, outcome)
        if self.worklist is not None and outcome.events and not self.worklist_in_append:
            await self.worklist.update(outcome.state, outcome.version, await self.clock.now())
        return outcome

    @staticmethod
    def _log_transitions(cmd: Command, outcome: Outcome[Debtor]) -> None:
        """At DEBUG: every transition is an event in the debtor's history already."""
        if not outcome.events or not log.isEnabledFor(logging.DEBUG):
            return
        for evt in outcome.events:
            if isinstance(evt, Provenance):
                log.debug("debtor_transition", customer_id=cmd.customer_id, transition=evt.type,
                          rule=evt.rule, policy_version=evt.policy_version)  # fmt: skip

    async def debtor(self, customer_id: str, as_of: dt.datetime | None = None) -> DebtorView:
        """The debtor's state, invoices and timeline; ``as_of`` folds only what was known then."""
        history = await self.repository.history(self.repository.ref(customer_id))
        events = [e for e in history if as_of is None or e.occurred_at <= as_of]
        if not events:
            raise DebtorNotFound(f"no debtor {customer_id}" + (f" as of {as_of}" if as_of else ""))
        state = fold(initial(customer_id), events)
        now = as_of or await self.clock.now()
        return DebtorView.of(state, events, events[-1].aggregate_version, self.book, now)

    async def standing(self, customer_id: str) -> DebtorStanding:
        """What notifications re-checks a deferred message against (no history folded twice)."""
        state, version = await self.repository.load(self.repository.ref(customer_id))
        if version == 0:
            raise DebtorNotFound(f"no debtor {customer_id}")
        return DebtorStanding.of(state, version)

    async def rebuild_worklist(self) -> int:
        """Drop the worklist and fold it again from every debtor's stream; the debtor count."""
        if self.worklist is None:
            return 0
        await self.worklist.store.drop()
        now = await self.clock.now()
        ids = await self.worklist.store.debtor_ids()
        for customer_id in ids:
            state, version = await self.repository.load(self.repository.ref(customer_id))
            await self.worklist.update(state, version, now)
        return len(ids)

    async def verify(self, customer_id: str) -> ChainReport:
        """Recompute the debtor's hash chain from the stored bytes."""
        report = await self.repository.verify(self.repository.ref(customer_id))
        if report.ok and report.checked == 0:
            raise DebtorNotFound(f"no debtor {customer_id}")
        return ChainReport.of(customer_id, report)
