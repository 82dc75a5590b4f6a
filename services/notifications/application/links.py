"""Signed unsubscribe links (R3): every e-mail carries one.

The token is an HMAC-SHA256 over ``customer|contact|channel``: it names ids only, and only
the holder of the secret can make one, so a link cannot be forged for someone else.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class UnsubscribeLinks:
    """Makes and checks unsubscribe links under one base URL and secret."""

    base_url: str
    secret: str

    def token(self, customer_id: str, contact_id: str, channel: str) -> str:
        data = f"{customer_id}|{contact_id}|{channel}".encode()
        return hmac.new(self.secret.encode(), data, hashlib.sha256).hexdigest()

    def url(self, customer_id: str, contact_id: str, channel: str) -> str:
        query = urlencode({"customer": customer_id, "contact": contact_id, "channel": channel,
                           "token": self.token(customer_id, contact_id, channel)})  # fmt: skip
        return f"{self.base_url.rstrip('/')}/notifications/unsubscribe?{query}"

    def valid(self, customer_id: str, contact_id: str, channel: str, token: str) -> bool:
        return hmac.compare_digest(self.token(customer_id, contact_id, channel), token)
