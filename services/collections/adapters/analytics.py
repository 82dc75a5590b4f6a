"""Analytics' internal API: the recovery prediction the worklist can rank by.

Raises :class:`~services.collections.application.ranking.RecoveryUnavailable` naming why
when analytics does not answer usefully (unreachable, loading, refusing the key).
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from services.collections.application.ranking import Outlook, RecoveryUnavailable

TIMEOUT = httpx.Timeout(30.0, connect=5.0)  # fitting the model on a large book takes seconds


class HttpRecoveryPredictions:
    """``GET {base_url}/internal/recovery-prediction`` with the internal API key."""

    def __init__(self, base_url: str, api_key: str | None) -> None:
        self.url = f"{base_url.rstrip('/')}/internal/recovery-prediction"
        self.headers = {"X-API-Key": api_key} if api_key else {}

    async def outlook(self) -> Outlook:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT) as client:
                response = await client.get(self.url, headers=self.headers)
        except httpx.HTTPError as exc:
            raise RecoveryUnavailable(
                f"analytics is unreachable at {self.url} ({type(exc).__name__})"
            ) from exc
        if response.status_code == 503:
            raise RecoveryUnavailable("analytics is loading or rebuilding its projection")
        if response.status_code != 200:
            raise RecoveryUnavailable(f"analytics answered {response.status_code}")
        try:
            return Outlook.model_validate_json(response.content)
        except ValidationError as exc:
            raise RecoveryUnavailable("analytics answered something that is no prediction") from exc
