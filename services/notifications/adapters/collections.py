"""The collections service's internal API: a debtor's standing at the moment of sending.

Raises :class:`~services.notifications.application.ports.CollectionsUnavailable` when
collections does not answer usefully (the timer's entry is retried, never dead-lettered).
"""

from __future__ import annotations

import httpx

from services.notifications.application.ports import CollectionsUnavailable
from services.notifications.domain.standing import Standing


class HttpDebtorStandings:
    """``GET {base_url}/internal/debtors/{id}/standing`` with the internal API key."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, api_key: str | None) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.headers = {"X-API-Key": api_key} if api_key else {}

    async def standing_of(self, customer_id: str) -> Standing:
        url = f"{self.base_url}/internal/debtors/{customer_id}/standing"
        try:
            response = await self.client.get(url, headers=self.headers)
        except httpx.HTTPError as exc:
            raise CollectionsUnavailable(
                f"collections service unreachable: {type(exc).__name__}"
            ) from exc
        if response.status_code == 404 and _names_rule(response, "DebtorNotFound"):
            return Standing(customer_id=customer_id, known=False)
        if response.status_code != 200:
            raise CollectionsUnavailable(f"collections service answered {response.status_code}")
        return Standing.model_validate_json(response.content)


def _names_rule(response: httpx.Response, rule: str) -> bool:
    """A 404 from collections' own rule, not from a route this collections lacks."""
    try:
        return bool(response.json().get("rule") == rule)
    except (ValueError, AttributeError):
        return False
