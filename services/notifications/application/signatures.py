"""Signed HTTP bodies: what the webhook channel sends and the SMS provider's callbacks carry.

``X-Huikuan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>." + body>`` with a
shared secret; a signature older than five minutes is refused.
"""

from __future__ import annotations

import hashlib
import hmac


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``"<timestamp>." + body``, hex."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return mac.hexdigest()


def signature_header(secret: str, timestamp: str, body: bytes) -> str:
    """``t=<unix seconds>,v1=<hex HMAC>`` (the timestamp is signed with the body)."""
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify_signature_header(
    secret: str, header: str, body: bytes, now: float, tolerance_s: float = 300.0
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and is at most ``tolerance_s`` old."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), given)
