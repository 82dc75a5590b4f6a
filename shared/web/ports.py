"""Two doors to one service: the public port and, when configured, an internal port.

With ``HUIKUAN_INTERNAL_PORT`` set, routes under ``/internal/`` answer only on that port
(and 404 on the public one, as if they did not exist), and the internal port answers only
those routes and the probes. Where a request arrived is read from the ASGI scope's
``server`` (the local socket), which a client cannot choose.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

INTERNAL_PREFIX = "/internal/"
PROBES = frozenset({"/healthz", "/readyz", "/metrics"})
NOT_HERE = b'{"detail":"not found on this port"}'


class InternalPortSplit:
    """ASGI middleware: internal routes on the internal port only, nothing else there."""

    def __init__(self, app: ASGIApp, internal_port: int | None) -> None:
        self.app = app
        self.internal_port = internal_port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.internal_port is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        server = scope.get("server")
        on_internal = server is not None and server[1] == self.internal_port
        path: str = scope.get("path", "")
        internal_route = path.startswith(INTERNAL_PREFIX)
        allowed = (internal_route or path in PROBES) if on_internal else not internal_route
        if allowed:
            await self.app(scope, receive, send)
            return
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(NOT_HERE)).encode())]  # fmt: skip
        await send({"type": "http.response.start", "status": 404, "headers": headers})
        await send({"type": "http.response.body", "body": NOT_HERE})
