"""Withdraws consent through the customers service's API (the only owner of consent)."""

from __future__ import annotations

import httpx

from services.notifications.adapters.customers_client import CustomersUnavailable


class HttpConsentRecorder:
    """``POST {base}/customers/{id}/contacts/{contact}/consent`` with the internal key."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, api_key: str | None) -> None:
        self.client, self.base_url = client, base_url.rstrip("/")
        self.headers = {"X-API-Key": api_key} if api_key else {}

    async def withdraw(self, customer_id: str, contact_id: str, channel: str, source: str) -> None:
        url = f"{self.base_url}/customers/{customer_id}/contacts/{contact_id}/consent"
        body = {"channel": channel, "consent": False, "source": source}
        try:
            response = await self.client.post(url, json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            raise CustomersUnavailable(f"customers unreachable: {type(exc).__name__}") from exc
        if response.status_code not in (200, 201):
            raise CustomersUnavailable(f"customers answered {response.status_code}")
