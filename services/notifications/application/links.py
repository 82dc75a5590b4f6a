"""Signed unsubscribe links (R3): every e-mail carries one.

The token is an HMAC-SHA256 over ``customer|contact|channel``: it names ids only, and only
the holder of the secret can make one, so a link cannot be forged for someone else.
New links are signed with the current secret; while it is being rotated, links signed with
the previous one (already in customers' mailboxes) still verify, and nothing else does.
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
    previous: str | None = None

    def token(self, customer_id: str, contact_id: str, channel: str) -> str:
        return _token(self.secret, customer_id, contact_id, channel)

    def url(self, customer_id: str, contact_id: str, channel: str) -> str:
        query = urlencode({"customer": customer_id, "contact": contact_id, "channel": channel,
                           "token": self.token(customer_id, contact_id, channel)})  # fmt: skip
        return f"{self.base_url.rstrip('/')}/notifications/unsubscribe?{query}"

    def valid(self, customer_id: str, contact_id: str, channel: str, token: str) -> bool:
        """Signed with the current secret, or with the previous one during a rotation."""
        secrets = [self.secret] + ([self.previous] if self.previous else [])
        given = token.encode("utf-8", "replace")
        found = False
        for secret in secrets:  # both compared, whichever matches: no early answer
            expected = _token(secret, customer_id, contact_id, channel).encode()
            found |= hmac.compare_digest(expected, given)
        return found


def _token(secret: str, customer_id: str, contact_id: str, channel: str) -> str:
    data = f"{customer_id}|{contact_id}|{channel}".encode()
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()
