"""Use cases: take a notification request, re-judge when a timer fires, send what is claimed.

Exactly-once effect: the gate's ``NotificationAllowed`` is appended (optimistic
concurrency + the trigger's idempotency key) *before* a channel is called, and only the
caller whose append stored it sends. A redelivered request or timer finds the delivery
already sent and sends nothing. When it finds a claim with no outcome (the sender died
between the provider call and ``NotificationSent``), it sends that claim again with the
same idempotency key (see :mod:`services.notifications.application.send`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import structlog

from services.notifications.application.claims import Claim, open_claims
from services.notifications.application.facts import choose_language
from services.notifications.application.links import UnsubscribeLinks
from services.notifications.application.ports import (
    Channel,
    ContactBook,
    ContactDirectory,
    InFlight,
    MemoryInFlight,
    Renderer,
    RequestIndex,
)
from services.notifications.application.send import PRODUCER, Sender
from services.notifications.domain.decide import Policy, judge_again, take_request
from services.notifications.domain.gate import Gate
from services.notifications.domain.outcomes import allowed_in
from services.notifications.domain.recipient import Audience
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState
from shared.contracts.notifications import NotificationRequested
from shared.infra.clock import Clock
from shared.infra.eventstore import StreamRef
from shared.infra.legacy_repository import Outcome, Repository
from shared.kernel.ids import derived_id
from shared.kernel.timer import Timer

log = structlog.get_logger("notifications")
__all__ = ["PRODUCER", "Notifier", "choose_language"]


@dataclass
class Notifier:
    """Decides and sends the messages of notification requests."""

    repository: Repository[NotificationState]
    contacts: ContactDirectory
    channels: Mapping[str, Channel]
    renderer: Renderer
    clock: Clock
    gate: Gate = field(default_factory=Gate)
    in_flight: InFlight = field(default_factory=MemoryInFlight)
    index: RequestIndex | None = None
    links: UnsubscribeLinks | None = None
    lease_ms: int = 60_000

    def __post_init__(self) -> None:
        self.sender = Sender(
            self.repository, self.channels, self.renderer, self.clock,
            in_flight=self.in_flight, links=self.links, lease_ms=self.lease_ms,
        )  # fmt: skip

    @staticmethod
    def ref(request_id: str, customer_id: str) -> StreamRef:
        return StreamRef(AGGREGATE_TYPE, request_id, customer_id)

    def audience(self, book: ContactBook | None) -> Audience | None:
        """What the gate may know of the debtor's contacts (no names, no addresses)."""
        return book.audience() if book else None

    async def take(self, request: NotificationRequested) -> None:
        """A request arrived: accept it, judge every delivery, send the allowed ones."""
        if self.index is not None:
            await self.index.add(request.customer_id, request.request_id)
        book = await self.contacts.contacts_of(request.customer_id)
        policy = Policy(self.gate, frozenset(self.channels))  # type: ignore[arg-type]
        outcome = await self.repository.execute(
            self.ref(request.request_id, request.customer_id),
            partial(take_request, request=request, audience=self.audience(book), policy=policy),
            now=await self.clock.now(), producer=PRODUCER,
            correlation_id=request.correlation_id, causation_id=request.event_id,
            idempotency_key=f"request:{request.event_id}",
        )  # fmt: skip
        await self.send_claimed(outcome, book)

    async def timer_fired(self, timer: Timer) -> None:
        """A deferral or retry came due: ask the gate again, send if it now allows."""
        customer_id = str(timer.payload["customer_id"])
        book = await self.contacts.contacts_of(customer_id)
        outcome = await self.repository.execute(
            self.ref(timer.aggregate_id, customer_id),
            partial(judge_again, timer=timer, audience=self.audience(book), gate=self.gate),
            now=await self.clock.now(), producer=PRODUCER,
            correlation_id=uuid.UUID(str(timer.payload["correlation_id"])),
            causation_id=derived_id("timer", timer.timer_id),
            idempotency_key=f"timer:{timer.timer_id}",
        )  # fmt: skip
        await self.send_claimed(outcome, book)

    async def send_claimed(
        self, outcome: Outcome[NotificationState], book: ContactBook | None
    ) -> None:
        """Send what this outcome claimed, then any claim left open by a crashed sender."""
        claims = [Claim.of(allowed) for allowed in allowed_in(outcome.events)]
        fresh = {claim.key for claim in claims}
        claims += [c for c in open_claims(outcome.state) if c.key not in fresh]
        for claim in claims:
            contact = book.find(claim.contact_id) if book else None
            jurisdiction = book.jurisdiction if book else "cn"
            if claim.resumed:
                log.info("notification_claim_resumed", request_id=claim.request_id,
                         channel=claim.channel, attempt=claim.attempt)  # fmt: skip
            await self.sender.send(outcome.state, claim, contact, jurisdiction)
