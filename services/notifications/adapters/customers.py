"""The customers service's APIs: contacts at the moment of sending, consent withdrawn.

Both raise :class:`~services.notifications.application.ports.CustomersUnavailable` when
the customers service does not answer usefully.
"""

from __future__ import annotations

import httpx

from services.notifications.application.ports import ContactBook, CustomersUnavailable


class HttpContactDirectory:
    """``GET {base_url}/internal/customers/{id}/contacts`` with the internal API key."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, api_key: str | None) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.headers = {"X-API-Key": api_key} if api_key else {}

    async def contacts_of(self, customer_id: str) -> ContactBook | None:
        url = f"{self.base_url}/internal/customers/{customer_id}/contacts"
        try:
            response = await self.client.get(url, headers=self.headers)
        except httpx.HTTPError as exc:
            raise CustomersUnavailable(
                f"customers service unreachable: {type(exc).__name__}"
            ) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            # The body may echo contact data: keep only the status.
            raise CustomersUnavailable(f"customers service answered {response.status_code}")
        return ContactBook.model_validate_json(response.content)


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
