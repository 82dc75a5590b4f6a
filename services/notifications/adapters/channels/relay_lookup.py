"""Asking the mail relay whether it already holds a message, by Message-ID.

SMTP itself cannot answer this; many relays can over HTTP (their message search). The
contract here is small and generic: ``GET {url}?message_id=<id>`` with an optional bearer
token; ``200`` with a JSON object (``{"status": …}``) when the relay holds the message,
``404`` when it does not. Anything else is transient: the claim stays open and its
trigger is retried (same key, same Message-ID), so nothing is sent until the relay answers.
"""

from __future__ import annotations

import httpx

from shared.infra.transient import TransientError


class RelayLookupUnavailable(TransientError):
    """The relay's message search did not answer usefully: ask again later."""


class HttpRelayLookup:
    """One relay's message search."""

    def __init__(self, client: httpx.AsyncClient, url: str, token: str | None = None) -> None:
        self.client, self.url = client, url
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def find(self, message_id: str) -> str | None:
        """The relay's word on ``message_id`` (its status), or None when it holds no such."""
        try:
            answer = await self.client.get(
                self.url, params={"message_id": message_id}, headers=self.headers
            )
        except httpx.HTTPError as exc:
            raise RelayLookupUnavailable(f"relay lookup unreachable: {type(exc).__name__}") from exc
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise RelayLookupUnavailable(f"relay lookup answered {answer.status_code}")
        try:
            status = answer.json().get("status", "held")
        except (ValueError, AttributeError):
            status = "held"
        return str(status)[:60]
