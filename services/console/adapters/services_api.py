"""The other services' HTTP APIs, called with the signed-in user's own API key."""

from __future__ import annotations

from typing import Any

import httpx

from services.console.application.errors import ApiError


class HttpServicesApi:
    def __init__(self, urls: dict[str, str], timeout_s: float) -> None:
        self.urls = urls
        self._http = httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def call(
        self, key: str, method: str, service: str, path: str, **kw: Any
    ) -> httpx.Response:
        headers = {**kw.pop("headers", {}), "X-API-Key": key}
        try:
            answer = await self._http.request(
                method, self.urls[service] + path, headers=headers, **kw
            )
        except httpx.HTTPError as exc:
            raise ApiError(503, f"{service} is not reachable ({type(exc).__name__})") from exc
        if answer.status_code >= 400:
            try:
                body: Any = answer.json()
            except ValueError:
                body = answer.text
            raise ApiError.of(answer.status_code, body)
        return answer

    async def json(self, key: str, method: str, service: str, path: str, **kw: Any) -> Any:
        return (await self.call(key, method, service, path, **kw)).json()
