"""Use cases: take a notification request, re-judge when a timer fires, send what is claimed.

Exactly-once effect, as far as this slice goes: the gate's ``NotificationAllowed`` is
appended (optimistic concurrency + the trigger's idempotency key) *before* a channel is
called, and only the caller whose append stored it sends. A redelivered request or timer,
or a racing reclaimer, finds the delivery already claimed or sent and sends nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

import structlog

from services.notifications.application.ports import (
    Channel,
    ChannelError,
    Contact,
    ContactBook,
    ContactDirectory,
    Outgoing,
    ReminderFacts,
    Renderer,
    TemplateUnavailable,
)
from services.notifications.domain.decide import Policy, judge_again, take_request
from services.notifications.domain.gate import Gate
from services.notifications.domain.masking import mask_address
from services.notifications.domain.outcomes import (
    Receipt,
    allowed_in,
    record_failure,
    record_sent,
)
from services.notifications.domain.state import AGGREGATE_TYPE, NotificationState
from shared.aggregate import Decision, Outcome, Repository, Stamp
from shared.clock import Clock
from shared.contracts import derived_id
from shared.contracts.notifications import NotificationAllowed, NotificationRequested
from shared.eventstore import StreamRef
from shared.timers import Timer

log = structlog.get_logger("notifications")
PRODUCER = "notifications"


def choose_language(preferred: str, jurisdiction: str) -> str:
    """``zh``/``zh-CN``/``zh-Hans`` → ``zh-CN``; ``en-*`` → ``en``; else by jurisdiction."""
    tag = preferred.strip().lower()
    if tag.startswith("zh"):
        return "zh-CN"
    if tag.startswith("en"):
        return "en"
    return "zh-CN" if jurisdiction == "cn" else "en"


@dataclass
class Notifier:
    """Decides and sends the messages of notification requests."""

    repository: Repository[NotificationState]
    contacts: ContactDirectory
    channels: Mapping[str, Channel]
    renderer: Renderer
    clock: Clock
    gate: Gate = field(default_factory=Gate)

    @staticmethod
    def ref(request_id: str, customer_id: str) -> StreamRef:
        return StreamRef(AGGREGATE_TYPE, request_id, customer_id)

    async def take(self, request: NotificationRequested) -> None:
        """A request arrived: accept it, judge every delivery, send the allowed ones."""
        book = await self.contacts.contacts_of(request.customer_id)
        audience = book.audience() if book else None
        policy = Policy(self.gate, frozenset(self.channels))  # type: ignore[arg-type]
        outcome = await self.repository.execute(
            self.ref(request.request_id, request.customer_id),
            partial(take_request, request=request, audience=audience, policy=policy),
            now=await self.clock.now(), producer=PRODUCER,
            correlation_id=request.correlation_id, causation_id=request.event_id,
            idempotency_key=f"request:{request.event_id}",
        )  # fmt: skip
        await self._send_claimed(outcome, book)

    async def timer_fired(self, timer: Timer) -> None:
        """A deferral or retry came due: ask the gate again, send if it now allows."""
        customer_id = str(timer.payload["customer_id"])
        book = await self.contacts.contacts_of(customer_id)
        outcome = await self.repository.execute(
            self.ref(timer.aggregate_id, customer_id),
            partial(judge_again, timer=timer, audience=book.audience() if book else None,
                    gate=self.gate),
            now=await self.clock.now(), producer=PRODUCER,
            correlation_id=uuid.UUID(str(timer.payload["correlation_id"])),
            causation_id=derived_id("timer", timer.timer_id),
            idempotency_key=f"timer:{timer.timer_id}",
        )  # fmt: skip
        await self._send_claimed(outcome, book)

    async def _send_claimed(
        self, outcome: Outcome[NotificationState], book: ContactBook | None
    ) -> None:
        for claim in allowed_in(outcome.events):
            contact = book.find(claim.contact_id) if book else None
            if contact is None or book is None:  # cannot happen: claims need a contact
                raise LookupError(f"claimed contact {claim.contact_id} is not in the book")
            await self._send_one(outcome.state, claim, contact, book.jurisdiction)

    async def _send_one(
        self,
        state: NotificationState,
        claim: NotificationAllowed,
        contact: Contact,
        jurisdiction: str,
    ) -> None:
        try:
            receipt = await self._deliver(state, claim, contact, jurisdiction)
        except (TemplateUnavailable, ChannelError) as exc:
            permanent = getattr(exc, "permanent", True)
            await self._record(claim, partial(
                record_failure, channel=claim.channel, contact_id=claim.contact_id,
                error=f"{type(exc).__name__}: {exc}", permanent=permanent,
            ), "failed")  # fmt: skip
            log.warning(
                "notification_failed",
                request_id=claim.request_id,
                channel=claim.channel,
                permanent=permanent,
                error=type(exc).__name__,
            )
            return
        await self._record(claim, partial(
            record_sent, channel=claim.channel, contact_id=claim.contact_id,
            addressee_role=contact.role, receipt=receipt,
        ), "sent")  # fmt: skip
        log.info(
            "notification_sent",
            request_id=claim.request_id,
            channel=claim.channel,
            template=state.template,
            sha256=receipt.content_sha256,
            masked=receipt.masked_address,
        )

    async def _deliver(
        self,
        state: NotificationState,
        claim: NotificationAllowed,
        contact: Contact,
        jurisdiction: str,
    ) -> Receipt:
        channel = self.channels.get(claim.channel)
        address = contact.address_for(claim.channel)
        if channel is None or address is None:
            raise ChannelError(f"channel {claim.channel} cannot reach this contact", permanent=True)
        message = self.renderer.render(
            state.template, choose_language(contact.language, jurisdiction), _facts(state, contact)
        )
        masked = mask_address(claim.channel, address)
        outgoing = Outgoing(
            request_id=state.request_id,
            delivery_id=str(derived_id(state.request_id, claim.channel, claim.contact_id)),
            address=address, masked_address=masked, message=message,
        )  # fmt: skip
        try:
            result = await channel.send(outgoing)
        except ChannelError:
            raise
        except Exception as exc:  # unforeseen provider errors count as transient
            raise ChannelError(type(exc).__name__, permanent=False) from exc
        return Receipt(
            template_version=message.template_version, content_sha256=message.content_sha256,
            masked_address=masked, provider_result=result, sent_at=await self.clock.now(),
        )  # fmt: skip

    async def _record(
        self,
        claim: NotificationAllowed,
        decide: Callable[[NotificationState, Stamp], Decision],
        step: str,
    ) -> None:
        await self.repository.execute(
            self.ref(claim.request_id, claim.customer_id), decide,
            now=await self.clock.now(), producer=PRODUCER,
            correlation_id=claim.correlation_id, causation_id=claim.event_id,
            idempotency_key=f"{step}:{claim.event_id}",
        )  # fmt: skip


def _facts(state: NotificationState, contact: Contact) -> ReminderFacts:
    if state.total_outstanding is None:
        raise TemplateUnavailable("the request states no outstanding total")
    return ReminderFacts(
        recipient_name=contact.name, invoices=state.invoices,
        total_outstanding=state.total_outstanding, reference=state.request_id,
    )  # fmt: skip
