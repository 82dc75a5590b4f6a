"""Use cases of collections: follow other services' facts per debtor; show and verify one.

A followed event is applied with its own ``event_id`` as idempotency key: a redelivery
appends nothing and so never requests a second notification.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from services.collections.application.views import ChainReport, DebtorView
from services.collections.domain.commands import command_for
from services.collections.domain.decide import deciding
from services.collections.domain.errors import DebtorNotFound
from services.collections.domain.policy import SLICE_POLICY, DunningPolicy
from services.collections.domain.state import Debtor, fold, initial
from shared.aggregate import Outcome, Repository
from shared.clock import Clock
from shared.contracts import Event
from shared.contracts.collections import DebtorCleared, DunningLevelReached

SERVICE = "collections"
log = structlog.get_logger(SERVICE)


@dataclass
class Collections:
    repository: Repository[Debtor]
    clock: Clock
    policy: DunningPolicy = SLICE_POLICY

    async def follow(self, event: Event) -> Outcome[Debtor] | None:
        """Apply one integration event to the debtor it names; None if it concerns none."""
        cmd = command_for(event)
        if cmd is None:
            return None
        outcome = await self.repository.execute(
            self.repository.ref(cmd.customer_id),
            deciding(cmd, self.policy),
            now=await self.clock.now(),
            producer=SERVICE,
            correlation_id=event.correlation_id,
            causation_id=event.event_id,
            idempotency_key=str(event.event_id),
        )
        for evt in outcome.events:
            if isinstance(evt, DunningLevelReached | DebtorCleared):
                log.info(
                    "debtor_transition",
                    customer_id=cmd.customer_id,
                    transition=evt.type,
                    rule=evt.rule,
                    policy_version=evt.policy_version,
                )
        return outcome

    async def debtor(self, customer_id: str) -> DebtorView:
        """The debtor's state, invoices and full timeline, from its stored events."""
        loaded = await self.repository.store.load(self.repository.ref(customer_id))
        if not loaded.events:
            raise DebtorNotFound(f"no debtor {customer_id}")
        state = fold(initial(customer_id), loaded.events)
        return DebtorView.of(state, loaded.events, loaded.version)

    async def verify(self, customer_id: str) -> ChainReport:
        """Recompute the debtor's hash chain from the stored bytes."""
        report = await self.repository.store.verify(self.repository.ref(customer_id))
        if report.ok and report.checked == 0:
            raise DebtorNotFound(f"no debtor {customer_id}")
        return ChainReport.of(customer_id, report)
