"""Contacts from the customers service's internal API, fetched at the moment of sending."""

from __future__ import annotations

import httpx

from services.notifications.application.ports import ContactBook
from shared.transient import TransientError


class CustomersUnavailable(TransientError):
    """The customers service did not answer usefully; the handler retries later."""


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
