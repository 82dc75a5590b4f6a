"""Opt-out: an SMS reply (STOP / 退订 / unsubscribe) or a signed link withdraws consent.

Consent belongs to the customers service: it is withdrawn there, on that channel only.
Then one confirmation goes out on that channel (template ``opt_out_confirmation``, no
other content), as its own notification ``opt-out:<customer>:<contact>:<channel>``: a
second STOP finds it already sent. After that the gate's R3 suppresses that channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import structlog

from services.notifications.application.claims import Claim
from services.notifications.application.deliver import Notifier
from services.notifications.application.links import OPT_OUT_TEMPLATE
from services.notifications.application.ports import ConsentRecorder
from services.notifications.domain.state import NotificationState
from shared.aggregate import Decision, Stamp
from shared.contracts import Event, Money, derived_id
from shared.contracts.notifications import (
    Channel,
    GateDecision,
    NotificationAccepted,
    NotificationAllowed,
)

log = structlog.get_logger("notifications")
CONFIRMED = GateDecision(rule="R3", outcome="allow", detail="one_opt_out_confirmation")


@dataclass
class OptOuts:
    """Withdraws consent and sends the one confirmation."""

    notifier: Notifier
    consent: ConsentRecorder

    async def opt_out(
        self, customer_id: str, contact_id: str, channel: Channel, source: str
    ) -> str:
        """Withdraw, then confirm once; returns the confirmation's request id."""
        await self.consent.withdraw(customer_id, contact_id, channel, source)
        request_id = f"opt-out:{customer_id}:{contact_id}:{channel}"
        log.info("opt_out_recorded", customer_id=customer_id, contact_id=contact_id,
                 channel=channel, source=source)  # fmt: skip
        notifier = self.notifier
        if notifier.index is not None:
            await notifier.index.add(customer_id, request_id)
        book = await notifier.contacts.contacts_of(customer_id)
        outcome = await notifier.repository.execute(
            notifier.ref(request_id, customer_id),
            partial(confirm_once, customer_id=customer_id, contact_id=contact_id, channel=channel),
            now=await notifier.clock.now(), producer="notifications",
            correlation_id=derived_id("opt-out", request_id), idempotency_key=None,
        )  # fmt: skip
        for allowed in outcome.events:
            if isinstance(allowed, NotificationAllowed):
                contact = book.find(contact_id) if book else None
                jurisdiction = book.jurisdiction if book else "cn"
                await notifier.sender.send(outcome.state, Claim.of(allowed), contact, jurisdiction)
        return request_id


def confirm_once(
    state: NotificationState, stamp: Stamp, customer_id: str, contact_id: str, channel: Channel
) -> Decision:
    """Accept and claim the confirmation the first time; afterwards decide nothing."""
    if state.accepted:
        return Decision()
    ids = {"request_id": state.request_id, "customer_id": customer_id}
    events: list[Event] = [
        stamp.make(NotificationAccepted, **ids, template=OPT_OUT_TEMPLATE, channels=(channel,),
                   total_outstanding=Money(amount=Decimal(0), currency="CNY")),
        stamp.make(NotificationAllowed, **ids, channel=channel, contact_id=contact_id,
                   attempt=1, decisions=(CONFIRMED,)),
    ]  # fmt: skip
    return Decision(events=events)
