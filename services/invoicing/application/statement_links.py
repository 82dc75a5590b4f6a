"""The signed links a customer uses to confirm a statement or dispute its lines.

The token is an HMAC-SHA256 over the customer and statement ids with the installation's
API-key secret, under its own label (``statement-link:``), so it proves the link was made
by Huikuan for exactly that statement and grants nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class StatementLinks:
    secret: str

    def token(self, customer_id: str, statement_id: str) -> str:
        message = f"statement-link:{customer_id}:{statement_id}".encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def valid(self, customer_id: str, statement_id: str, token: str) -> bool:
        return hmac.compare_digest(self.token(customer_id, statement_id), token)
