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

import structlog

from services.notifications.application.claims import Claim, open_claims
from services.notifications.application.links import UnsubscribeLinks
from services.notifications.application.outgoing import Channel, Renderer
from services.notifications.application.ports import (
    ContactBook,
    ContactDirectory,
    DebtorStandings,
    Handoffs,
    InFlight,
    MemoryHandoffs,
    MemoryInFlight,
    RequestIndex,
    SendLog,
)
from services.notifications.application.requests import Requests
from services.notifications.application.send import Sender
from services.notifications.domain.commands import JudgeAgain, TakeRequest
from services.notifications.domain.gate import Gate
from services.notifications.domain.judge import Policy
from services.notifications.domain.outcomes import allowed_in
from services.notifications.domain.recipient import Audience
from services.notifications.domain.state import NotificationState
from shared.contracts.notifications import Channel as ChannelName
from shared.contracts.notifications import NotificationRequested
from shared.infra.clock import Clock
from shared.infra.repository import Cause, Outcome, Repository
from shared.kernel import Timer, derived_id

log = structlog.get_logger("notifications")


@dataclass
class Notifier:
    """Decides and sends the messages of notification requests."""

    repository: Repository[NotificationState]
    contacts: ContactDirectory
    channels: Mapping[ChannelName, Channel]
    renderer: Renderer
    clock: Clock
    gate: Gate = field(default_factory=Gate)
    in_flight: InFlight = field(default_factory=MemoryInFlight)
    index: RequestIndex | None = None
    links: UnsubscribeLinks | None = None
    lease_ms: int = 60_000
    # Re-checks deferred and retried messages at the moment of sending (None: not at all).
    standings: DebtorStandings | None = None
    handoffs: Handoffs = field(default_factory=MemoryHandoffs)
    send_log: SendLog | None = None  # the gate's memory, told of each send as it is stored

    def __post_init__(self) -> None:
        policy = Policy(self.gate, frozenset(self.channels))
        self.requests = Requests(self.repository, policy, self.send_log)
        self.sender = Sender(
            self.requests, self.channels, self.renderer, self.clock,
            in_flight=self.in_flight, links=self.links, lease_ms=self.lease_ms,
            handoffs=self.handoffs,
        )  # fmt: skip

    def audience(self, book: ContactBook | None) -> Audience | None:
        """What the gate may know of the debtor's contacts (no names, no addresses)."""
        return book.audience() if book else None

    async def take(self, request: NotificationRequested) -> None:
        """A request arrived: accept it, judge every delivery, send the allowed ones."""
        if self.index is not None:
            await self.index.add(request.customer_id, request.request_id, request.occurred_at)
        book = await self.contacts.contacts_of(request.customer_id)
        take = TakeRequest(request=request, audience=self.audience(book))
        cause = Cause(request.correlation_id, request.event_id, f"request:{request.event_id}")
        outcome = await self.requests.decide(request.request_id, request.customer_id, take, cause)
        await self.send_claimed(outcome, book)

    async def timer_fired(self, timer: Timer) -> None:
        """A deferral or retry came due: re-check the message against the debtor's standing
        now (superseded → suppressed; else today's figures), ask the gate, send if allowed."""
        customer_id = str(timer.payload["customer_id"])
        book = await self.contacts.contacts_of(customer_id)
        standing = await self.standings.standing_of(customer_id) if self.standings else None
        again = JudgeAgain(timer=timer, audience=self.audience(book), standing=standing)
        cause = Cause(
            uuid.UUID(str(timer.payload["correlation_id"])),
            derived_id("timer", timer.timer_id),
            f"timer:{timer.timer_id}",
        )
        outcome = await self.requests.decide(timer.aggregate_id, customer_id, again, cause)
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
