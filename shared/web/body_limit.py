"""Refuse HTTP request bodies larger than the service accepts, before reading them whole.

A pure ASGI middleware: a declared ``Content-Length`` above the limit is answered 413 at
once; a body without a length is counted as it streams in and refused with 413 as soon
as it passes the limit. Nothing of an oversized request reaches a route, so nothing is half-applied.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send, declared)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                # Raised inside the route's body read: FastAPI answers it as a 413.
                raise HTTPException(413, _detail(seen, self.max_bytes))
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, send: Send, size: int) -> None:
        body = json.dumps({"detail": _detail(size, self.max_bytes)}).encode()
        headers: list[Any] = [(b"content-type", b"application/json"),
                              (b"content-length", str(len(body)).encode())]  # fmt: skip
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _detail(size: int, limit: int) -> str:
    return f"request body of {size} bytes exceeds the limit of {limit} bytes"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
