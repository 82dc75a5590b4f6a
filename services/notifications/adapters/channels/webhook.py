"""A signed webhook to the company's own systems (CRM, ERP).

The body is JSON (reference, ids, template, subject, text, content hash; no address).
``X-Huikuan-Signature: t=<unix seconds>,v1=<HMAC-SHA256(secret, "<t>." + body)>`` lets the
receiver check origin and freshness; ``Idempotency-Key`` lets it drop a repeated call.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx

from services.notifications.adapters.channels.http_provider import post_json
from services.notifications.application.outgoing import Outgoing
from services.notifications.application.signatures import signature_header
from shared.contracts.notifications import Channel as ChannelName


class SignedWebhookChannel:
    """POSTs each message to one URL, signed with a shared secret."""

    name: ChannelName = "webhook"
    dedupes = True

    def __init__(
        self, client: httpx.AsyncClient, url: str, secret: str,
        now: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self.client, self.url, self.secret, self.now = client, url, secret, now

    def payload(self, outgoing: Outgoing) -> bytes:
        message = outgoing.message
        body = {
            "reference": outgoing.key, "request_id": outgoing.request_id,
            "customer_id": outgoing.customer_id, "contact_id": outgoing.contact_id,
            "template": message.template, "template_version": message.template_version,
            "language": message.language, "subject": message.subject, "text": message.body,
            "content_sha256": message.content_sha256, "formal_demand": outgoing.formal_demand,
        }  # fmt: skip
        return json.dumps(body, ensure_ascii=False, sort_keys=True).encode()

    async def send(self, outgoing: Outgoing) -> str:
        body = self.payload(outgoing)
        headers = {
            "X-Huikuan-Signature": signature_header(self.secret, str(int(self.now())), body),
            "Idempotency-Key": outgoing.key,
        }
        answer = await post_json(self.client, self.url, body, headers)
        return f"accepted: {str(answer.get('id', ''))[:64]}".strip()
