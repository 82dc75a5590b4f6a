"""Count every HTTP request a service answers in ``huikuan_http_requests_total``.

A pure ASGI middleware, outermost, so answers given before any route runs (413 for a body
too large, 404 on the wrong port) are counted too. The ``route`` label is the matched
route's template (``/customers/{customer_id}``), read from the ASGI scope after routing;
a path no route matches is counted as ``unmatched``, so a scanner walking random paths
cannot grow the label set. The method is one of the standard ones or ``other``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.infra.metrics import HTTP_REQUESTS

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The template of the route that answered, or ``unmatched``."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class RequestMetrics:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception escaping the app is answered 500 by the server

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            method = scope.get("method", "")
            HTTP_REQUESTS.labels(
                service=self.service,
                method=method if method in METHODS else "other",
                route=route_template(scope),
                status=str(status),
            ).inc()
