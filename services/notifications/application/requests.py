"""Load → decide → append for notification requests: the one way every use case changes one.

A request's stream is partitioned by its debtor (``customer_id``); every change runs the
domain's ``decide`` with this process's policy (the gate and the channels it has).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.notifications.application.ports import SendLog
from services.notifications.domain.commands import Command
from services.notifications.domain.decide import decide
from services.notifications.domain.judge import Policy
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState
from shared.contracts.notifications import NotificationSent
from shared.infra.eventstore import StreamRef
from shared.infra.repository import Cause, Outcome, Repository


@dataclass
class Requests:
    repository: Repository[NotificationState]
    policy: Policy
    # The gate's memory of what was sent: a send stored is recorded there at once, so the
    # next request judged for the debtor knows of it whenever this service's own outbound
    # stream is read (that follower records it again, idempotently, after a crash here).
    send_log: SendLog | None = None

    @staticmethod
    def ref(request_id: str, customer_id: str) -> StreamRef:
        return StreamRef(AGGREGATE_TYPE, request_id, customer_id)

    async def decide(
        self, request_id: str, customer_id: str, command: Command, cause: Cause
    ) -> Outcome[NotificationState]:
        outcome = await self.repository.execute(
            self.ref(request_id, customer_id),
            lambda state, now: decide(state, command, now, self.policy),
            cause,
        )
        if self.send_log is not None:
            for event in outcome.events:
                if isinstance(event, NotificationSent):
                    await self.send_log.record(event)
        return outcome

    async def current(self, request_id: str, customer_id: str) -> NotificationState:
        state, _ = await self.repository.load(self.ref(request_id, customer_id))
        return state
