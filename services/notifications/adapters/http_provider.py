"""What the HTTP channels share: one POST with an idempotency key, answers sorted out.

2xx → the provider took it; 408, 425, 429 and 5xx or no answer → transient (retry later);
any other 4xx → permanent. A provider's body may echo the address: only the status and
the provider's own message id are kept.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import httpx

from services.notifications.application.ports import (
    PermanentChannelError,
    TransientChannelError,
)

TRANSIENT_STATUSES = frozenset({408, 425, 429})


async def post_json(
    client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]
) -> dict[str, Any]:
    """POST ``body`` (JSON bytes) and return the provider's JSON answer (or ``{}``)."""
    try:
        response = await client.post(
            url, content=body, headers={"Content-Type": "application/json", **headers}
        )
    except httpx.HTTPError as exc:
        raise TransientChannelError(f"provider unreachable: {type(exc).__name__}") from exc
    status = response.status_code
    if status in TRANSIENT_STATUSES or status >= 500:
        raise TransientChannelError(f"provider answered {status}")
    if status >= 400:
        raise PermanentChannelError(f"provider refused ({status})")
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


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
