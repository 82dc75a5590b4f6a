"""SMS through an HTTP provider speaking a generic JSON API.

``POST {url}`` with ``{"to", "text", "reference"}``, authenticated by a bearer token or an
``X-API-Key`` header, and ``Idempotency-Key: <request:channel:contact:attempt>``: a
provider that keeps idempotency keys sends a repeated call once. Answers ``{"id": …}``.
Delivery receipts and replies come back through the inbound endpoint.
"""

from __future__ import annotations

import json
from typing import Literal

import httpx

from services.notifications.adapters.channels.http_provider import post_json
from services.notifications.application.outgoing import Outgoing
from shared.contracts.notifications import Channel as ChannelName


class HttpSmsChannel:
    """One SMS provider account."""

    name: ChannelName = "sms"
    dedupes = True

    def __init__(
        self, client: httpx.AsyncClient, url: str, api_key: str | None,
        auth: Literal["bearer", "api_key"] = "bearer",
    ) -> None:  # fmt: skip
        self.client, self.url = client, url
        self.auth_headers: dict[str, str] = {}
        if api_key:
            self.auth_headers = (
                {"Authorization": f"Bearer {api_key}"}
                if auth == "bearer"
                else {"X-API-Key": api_key}
            )

    def payload(self, outgoing: Outgoing) -> bytes:
        """The JSON the provider gets: number, text, our reference for receipts and replies."""
        body = {"to": outgoing.address, "text": outgoing.message.body, "reference": outgoing.key}
        return json.dumps(body, ensure_ascii=False).encode()

    async def send(self, outgoing: Outgoing) -> str:
        headers = {**self.auth_headers, "Idempotency-Key": outgoing.key}
        answer = await post_json(self.client, self.url, self.payload(outgoing), headers)
        return f"accepted: {str(answer.get('id', ''))[:64]}".strip()
