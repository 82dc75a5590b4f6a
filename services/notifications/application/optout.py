"""Opt-out: an SMS reply (STOP / 退订 / unsubscribe) or a signed link withdraws consent.

Consent belongs to the customers service: it is withdrawn there, on that channel only.
Then one confirmation goes out on that channel (template ``opt_out_confirmation``, no
other content), as its own notification ``opt-out:<customer>:<contact>:<channel>``
judged by the gate like any message (R3 allows exactly one confirmation): a second STOP
finds it already taken on. After that the gate's R3 suppresses that channel.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from services.notifications.application.deliver import Notifier
from services.notifications.application.ports import ConsentRecorder
from services.notifications.domain.commands import ConfirmOptOut
from shared.contracts.notifications import Channel
from shared.infra.repository import Cause
from shared.kernel import derived_id

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
            await notifier.index.add(customer_id, request_id, await notifier.clock.now())
        book = await notifier.contacts.contacts_of(customer_id)
        flow = derived_id("opt-out", request_id)
        confirm = ConfirmOptOut(customer_id=customer_id, contact_id=contact_id, channel=channel,
                                audience=notifier.audience(book), correlation_id=flow)  # fmt: skip
        outcome = await notifier.requests.decide(request_id, customer_id, confirm, Cause(flow))
        await notifier.send_claimed(outcome, book)
        return request_id
