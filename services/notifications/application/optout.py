"""Opt-out: an SMS reply (STOP / 退订 / unsubscribe) or a signed link withdraws consent.

Consent belongs to the customers service: it is withdrawn there, on that channel only.
Then one confirmation goes out on that channel (template ``opt_out_confirmation``, no
other content), as its own notification ``opt-out:<customer>:<contact>:<channel>``
judged by the gate like any message (R3 allows exactly one confirmation): a second STOP
finds it already taken on. After that the gate's R3 suppresses that channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import structlog

from services.notifications.application.deliver import Notifier
from services.notifications.application.links import OPT_OUT_TEMPLATE
from services.notifications.application.ports import ConsentRecorder
from services.notifications.domain.decide import judge
from services.notifications.domain.gate import Gate
from services.notifications.domain.recipient import Audience
from services.notifications.domain.state import NotificationState, evolve
from shared.contracts import Money
from shared.contracts.notifications import Channel, NotificationAccepted
from shared.infra.legacy_repository import Stamp
from shared.kernel.decision import Decision
from shared.kernel.ids import derived_id

log = structlog.get_logger("notifications")


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
        audience = notifier.audience(book)
        decide = partial(confirm_once, customer_id=customer_id, contact_id=contact_id,
                         channel=channel, audience=audience, gate=notifier.gate)  # fmt: skip
        outcome = await notifier.repository.execute(
            notifier.ref(request_id, customer_id), decide,
            now=await notifier.clock.now(), producer="notifications",
            correlation_id=derived_id("opt-out", request_id),
        )  # fmt: skip
        await notifier.send_claimed(outcome, book)
        return request_id


def confirm_once(
    state: NotificationState, stamp: Stamp, customer_id: str, contact_id: str, channel: Channel,
    audience: Audience | None, gate: Gate,
) -> Decision:  # fmt: skip
    """Take the confirmation on once and let the gate judge it (R3 allows exactly one;
    quiet hours may defer it like any message); afterwards decide nothing."""
    if state.accepted:
        return Decision()
    accepted = stamp.make(
        NotificationAccepted, request_id=state.request_id, customer_id=customer_id,
        template=OPT_OUT_TEMPLATE, channels=(channel,),
        total_outstanding=Money(amount=Decimal(0), currency="CNY"),
    )  # fmt: skip
    recipient = audience.find(contact_id) if audience else None
    if recipient is None or audience is None:
        return Decision(events=[accepted])  # the contact is gone: nobody to confirm to
    judged = judge(evolve(state, accepted), stamp, channel, recipient, audience, gate)
    return Decision(events=[accepted, *judged.events], schedule=judged.schedule)
