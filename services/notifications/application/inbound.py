"""What providers send back: delivery receipts and replies (an opt-out among them).

Both name our ``reference`` (the claim key the message was sent with), so no phone
number has to be stored to map a reply to a contact; the reply's sender number is only
compared, in memory, with the contact's number fetched at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import structlog

from services.notifications.application.claims import parse_key
from services.notifications.application.optout import OptOuts
from services.notifications.application.ports import RequestLocator
from services.notifications.domain.commands import RecordDelivered
from services.notifications.domain.optout import is_opt_out
from shared.infra.repository import Cause
from shared.kernel import derived_id

log = structlog.get_logger("notifications")
Handled = Literal["recorded", "opted_out", "ignored"]


@dataclass
class Inbound:
    """Turns receipts into ``NotificationDelivered`` and STOP replies into opt-outs."""

    optouts: OptOuts
    locator: RequestLocator

    async def receipt(
        self, reference: str, status: str, at: datetime, provider_status: str
    ) -> Handled:
        found = await self._find(reference)
        if found is None or status not in ("delivered", "failed"):
            return "ignored"
        request_id, customer_id, channel, contact_id = found
        receipt = RecordDelivered(
            reference=reference, channel=channel, contact_id=contact_id, status=status, at=at,
            provider_status=provider_status,
        )  # fmt: skip
        cause = Cause(derived_id("receipt", reference), None, f"receipt:{reference}:{status}")
        await self.optouts.notifier.requests.decide(request_id, customer_id, receipt, cause)
        return "recorded"

    async def reply(self, reference: str, sender: str, text: str) -> Handled:
        found = await self._find(reference)
        if found is None or not is_opt_out(text):
            return "ignored"
        _, customer_id, channel, contact_id = found
        book = await self.optouts.notifier.contacts.contacts_of(customer_id)
        contact = book.find(contact_id) if book else None
        if contact is None or not _same_number(contact.phone or "", sender):
            log.warning("reply_from_another_number_ignored", customer_id=customer_id)
            return "ignored"
        await self.optouts.opt_out(customer_id, contact_id, channel, "sms_stop")  # type: ignore[arg-type]
        return "opted_out"

    async def _find(self, reference: str) -> tuple[str, str, str, str] | None:
        parsed = parse_key(reference)
        if parsed is None:
            return None
        request_id, channel, contact_id, _ = parsed
        customer_id = await self.locator.customer_of(request_id)
        return (request_id, customer_id, channel, contact_id) if customer_id else None


def _same_number(a: str, b: str) -> bool:
    digits_a, digits_b = "".join(filter(str.isdigit, a)), "".join(filter(str.isdigit, b))
    return len(digits_b) >= 7 and (digits_a.endswith(digits_b) or digits_b.endswith(digits_a))
