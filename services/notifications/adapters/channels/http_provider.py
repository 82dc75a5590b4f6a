"""What the HTTP channels share: one POST with an idempotency key, answers sorted out.

2xx → the provider took it; 408, 425, 429 and 5xx or no answer → transient (retry later);
any other 4xx → permanent. A provider's body may echo the address: only the status and
the provider's own message id are kept.
"""

from __future__ import annotations

from typing import Any

import httpx

from services.notifications.application.outgoing import PermanentChannelError, TransientChannelError

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
