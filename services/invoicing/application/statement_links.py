"""The signed links a customer uses to confirm a statement or dispute its lines.

The token is an HMAC-SHA256 over the customer and statement ids and the link's last valid
day, with the installation's API-key secret, under its own label (``statement-link:``): it
proves the link was made by Huikuan for exactly that statement, grants nothing else, and
stops working after ``expires``. The links are absolute URLs under invoicing's public base
URL (``HUIKUAN_INVOICING_PUBLIC_URL``), made when the statement is drawn up and carried in
``StatementIssued``, so notifications prints them without ever holding the secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlencode

VALID_DAYS = 90
"""How long after the statement is drawn up its links work (a quarter: time to check it)."""


@dataclass(frozen=True)
class StatementLinks:
    secret: str
    base_url: str = "http://127.0.0.1:8102"
    valid_days: int = VALID_DAYS

    def token(self, customer_id: str, statement_id: str, expires: dt.date) -> str:
        message = f"statement-link:{customer_id}:{statement_id}:{expires.isoformat()}".encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def valid(
        self, customer_id: str, statement_id: str, token: str, expires: dt.date, today: dt.date
    ) -> bool:
        """The token was made for this statement and ``expires`` and today is not after it."""
        signed = hmac.compare_digest(self.token(customer_id, statement_id, expires), token)
        return signed and today <= expires

    def query(self, customer_id: str, statement_id: str, issued_on: dt.date) -> str:
        """``token=…&expires=…`` for a statement drawn up on ``issued_on``."""
        expires = issued_on + dt.timedelta(days=self.valid_days)
        token = self.token(customer_id, statement_id, expires)
        return urlencode({"token": token, "expires": expires.isoformat()})

    def for_statement(
        self, customer_id: str, statement_id: str, issued_on: dt.date
    ) -> tuple[str, str]:
        """The absolute (confirm, dispute) page URLs of a statement drawn up on ``issued_on``."""
        base = f"{self.base_url.rstrip('/')}/customers/{customer_id}/statements/{statement_id}"
        query = self.query(customer_id, statement_id, issued_on)
        return f"{base}/confirm?{query}", f"{base}/dispute-lines?{query}"
