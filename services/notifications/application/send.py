"""Sending one claimed delivery: lease, render, call the channel, keep the evidence.

Exactly-once effect: the claim (``NotificationAllowed``) is stored before the provider
is called. If the process dies after the call and before ``NotificationSent``, the claim
stays open; the redelivered trigger finds it and sends again with the SAME idempotency
key, which SMS and webhook providers (and the letter store) fold into one message.
SMTP cannot fold, so the e-mail channel records the server's ``250`` (a hand-off, one
Redis write) before anything else, QUIT included: a restart that finds it records the
message as sent (``accepted before a restart, not sent again``) and sends nothing. Only
a crash between the server taking the message and that write (its ``250`` on the wire)
sends the e-mail twice, with the same Message-ID, and the evidence says so
(``resent (may duplicate) …``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import structlog

from services.notifications.application.claims import Claim, ClaimInFlight
from services.notifications.application.links import UnsubscribeLinks
from services.notifications.application.outgoing import Channel, ChannelError, Outgoing, Renderer
from services.notifications.application.ports import (
    Contact,
    Handoffs,
    InFlight,
    MemoryHandoffs,
    MemoryInFlight,
)
from services.notifications.application.requests import Requests
from services.notifications.domain.commands import (
    Command,
    RecordFailure,
    RecordSent,
    RefuseWording,
)
from services.notifications.domain.errors import TemplateUnavailable
from services.notifications.domain.facts import choose_language, facts_of, is_formal_demand
from services.notifications.domain.legal_notice import message_findings
from services.notifications.domain.masking import mask_address
from services.notifications.domain.message import Receipt, RenderedMessage
from services.notifications.domain.optout import (
    OPT_OUT_TEMPLATE,
    builtin_confirmation,
    with_opt_out,
)
from services.notifications.domain.packs import pack_for
from services.notifications.domain.state import NotificationState
from services.notifications.domain.wording import Finding
from shared.contracts.notifications import Channel as ChannelName
from shared.infra.clock import Clock
from shared.infra.repository import Cause
from shared.kernel import derived_id

log = structlog.get_logger("notifications")
DELIVERED_ON_ACCEPT = frozenset({"webhook"})  # the company's own system took it
LEASE_POLL_MS, MAX_LEASE_WAIT_MS = 100, 5_000


@dataclass
class Sender:
    """Sends claimed deliveries, one provider call per claim key at a time."""

    requests: Requests
    channels: Mapping[ChannelName, Channel]
    renderer: Renderer
    clock: Clock
    in_flight: InFlight = field(default_factory=MemoryInFlight)
    links: UnsubscribeLinks | None = None
    lease_ms: int = 60_000
    handoffs: Handoffs = field(default_factory=MemoryHandoffs)

    async def send(
        self, state: NotificationState, claim: Claim, contact: Contact | None, jurisdiction: str
    ) -> None:
        """Send ``claim`` while holding its lease.

        A fresh claim whose lease is taken is someone else's: skip it. A resumed claim
        waits (bounded) for a live holder to finish, then sends only if the claim is still
        open; if the lease outlives the wait, :class:`ClaimInFlight` leaves the trigger
        unacknowledged, so it comes back after the holder finished or its lease expired.
        """
        if not await self.in_flight.hold(claim.key, self.lease_ms):
            if not claim.resumed:
                return
            if not await self._wait_for_lease(claim):
                raise ClaimInFlight(f"claim {claim.key} is being sent elsewhere")
            state = await self.requests.current(claim.request_id, claim.customer_id)
            if not _still_open(state, claim):
                await self.in_flight.release(claim.key)
                return
        try:
            await self._send_held(state, claim, contact, jurisdiction)
        finally:
            await self.in_flight.release(claim.key)

    async def _wait_for_lease(self, claim: Claim) -> bool:
        for _ in range(max(1, min(self.lease_ms, MAX_LEASE_WAIT_MS) // LEASE_POLL_MS)):
            await asyncio.sleep(LEASE_POLL_MS / 1000)
            if await self.in_flight.hold(claim.key, self.lease_ms):
                return True
        return False

    async def _send_held(
        self, state: NotificationState, claim: Claim, contact: Contact | None, jurisdiction: str
    ) -> None:
        try:
            if contact is None:
                raise ChannelError("the contact is no longer registered", permanent=True)
            receipt = await self._deliver(state, claim, contact, jurisdiction)
        except WordingRefused as refused:
            finding = refused.finding
            await self.record(claim, RefuseWording(
                channel=claim.channel, contact_id=claim.contact_id,
                category=finding.category.value, pattern=finding.pattern), "wording")  # fmt: skip
            log.warning("notification_wording_refused", request_id=claim.request_id,
                        channel=claim.channel, rule=finding.rule, category=finding.category.value,
                        pattern=finding.pattern)  # fmt: skip
            return
        except (TemplateUnavailable, ChannelError) as exc:
            permanent = getattr(exc, "permanent", True)
            error = f"{type(exc).__name__}: {exc}"
            await self.record(claim, RecordFailure(
                channel=claim.channel, contact_id=claim.contact_id, error=error,
                permanent=permanent, correlation_id=claim.correlation_id), "failed")  # fmt: skip
            log.warning("notification_failed", request_id=claim.request_id,
                        channel=claim.channel, permanent=permanent,
                        error=type(exc).__name__)  # fmt: skip
            return
        delivered = receipt.sent_at if claim.channel in DELIVERED_ON_ACCEPT else None
        await self.record(claim, RecordSent(
            channel=claim.channel, contact_id=claim.contact_id, addressee_role=contact.role,
            receipt=receipt, key=claim.key, delivered_at=delivered), "sent")  # fmt: skip
        log.info("notification_sent", request_id=claim.request_id, channel=claim.channel,
                 template=state.template, sha256=receipt.content_sha256,
                 masked=receipt.masked_address, resumed=claim.resumed)  # fmt: skip

    async def _deliver(
        self, state: NotificationState, claim: Claim, contact: Contact, jurisdiction: str
    ) -> Receipt:
        channel = self.channels.get(claim.channel)
        address = contact.address_for(claim.channel)
        if channel is None or address is None:
            raise ChannelError(f"channel {claim.channel} cannot reach this contact", permanent=True)
        today = (await self.clock.now()).astimezone(ZoneInfo(pack_for(jurisdiction).zones[0]))
        outgoing = self._outgoing(state, claim, contact, jurisdiction, address, today.date())
        message, masked = outgoing.message, outgoing.masked_address
        found = message_findings(message, message.legal_notice)
        if found:  # R5 again on what was rendered: names and text people supplied included
            raise WordingRefused(found[0])
        dedupes = bool(getattr(channel, "dedupes", False))
        again = claim.resumed and not dedupes
        taken = await self.handoffs.taken(claim.key) if again else None
        held = await _held(channel, outgoing) if again and taken is None else None
        if taken is not None:  # the provider took it before a restart: say so, send nothing
            result, sent_at = f"accepted before a restart, not sent again: {taken[0]}", taken[1]
        elif held is not None:  # the relay says it holds it: the first attempt arrived
            result, sent_at = f"{held}, not sent again", await self.clock.now()
        else:
            result, sent_at = await self._call(channel, outgoing, claim, dedupes)
        return Receipt(
            template_version=message.template_version, content_sha256=message.content_sha256,
            masked_address=masked, provider_result=result[:200], sent_at=sent_at,
        )  # fmt: skip

    async def _call(
        self, channel: Channel, outgoing: Outgoing, claim: Claim, dedupes: bool
    ) -> tuple[str, datetime]:
        """Call the provider; a channel that cannot deduplicate records its acceptance the
        moment the provider answers, before anything else."""

        async def accepted(answer: str) -> None:
            await self.handoffs.record(claim.key, answer, await self.clock.now())

        outgoing = replace(outgoing, composed_at=await self.clock.now(),
                           on_accepted=None if dedupes else accepted)  # fmt: skip
        result = await _call(channel, outgoing)
        if claim.resumed:
            folded = "provider dedupes" if dedupes else "may duplicate"
            result = f"resent ({folded}): {result}"
        return result, await self.clock.now()

    def _outgoing(
        self, state: NotificationState, claim: Claim, contact: Contact, jurisdiction: str,
        address: str, today: date,
    ) -> Outgoing:  # fmt: skip
        """The rendered message for this contact and channel, with its opt-out line."""
        url = None
        if self.links is not None and state.template != OPT_OUT_TEMPLATE:
            url = self.links.url(claim.customer_id, claim.contact_id, claim.channel)
        rendered = self._render(state, contact, jurisdiction, claim.channel, url, today)
        return Outgoing(
            request_id=state.request_id,
            delivery_id=str(derived_id(state.request_id, claim.channel, claim.contact_id)),
            address=address, masked_address=mask_address(claim.channel, address),
            message=with_opt_out(rendered, claim.channel, url),
            idempotency_key=claim.key, customer_id=claim.customer_id,
            contact_id=claim.contact_id, unsubscribe_url=url,
            formal_demand=is_formal_demand(state),
        )  # fmt: skip

    def _render(
        self, state: NotificationState, contact: Contact, jurisdiction: str, channel: str,
        unsubscribe: str | None, today: date,
    ) -> RenderedMessage:  # fmt: skip
        language = choose_language(contact.language, jurisdiction)
        facts = facts_of(state, contact.name, unsubscribe, jurisdiction=jurisdiction, today=today)
        try:
            return self.renderer.render(state.template, language, facts, channel=channel)
        except TemplateUnavailable:
            if state.template == OPT_OUT_TEMPLATE:
                return builtin_confirmation(language)
            raise

    async def record(self, claim: Claim, command: Command, step: str) -> None:
        """Append the outcome of ``claim`` (idempotent per claim key and step)."""
        cause = Cause(claim.correlation_id, claim.causation_id, f"{step}:{claim.key}")
        await self.requests.decide(claim.request_id, claim.customer_id, command, cause)


class WordingRefused(Exception):
    """The rendered message carries banned wording (R5): it is not sent."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


def _still_open(state: NotificationState, claim: Claim) -> bool:
    delivery = state.delivery(claim.channel, claim.contact_id)
    return (
        delivery is not None and delivery.status == "allowed" and delivery.attempts == claim.attempt
    )


async def _held(channel: Channel, outgoing: Outgoing) -> str | None:
    """What a channel that can look a message up says it already delivered (None: not)."""
    lookup = getattr(channel, "already_taken", None)
    if lookup is None:
        return None
    found: str | None = await lookup(outgoing)
    return found


async def _call(channel: Channel, outgoing: Outgoing) -> str:
    try:
        return await channel.send(outgoing)
    except ChannelError:
        raise
    except Exception as exc:  # unforeseen provider errors count as transient
        raise ChannelError(type(exc).__name__, permanent=False) from exc
