"""Named domain errors and how the API edge turns them into HTTP answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from shared.eventstore import ConcurrencyConflict


class DomainError(Exception):
    """A rule of the business refused the command (HTTP 422)."""

    status_code = 422
    code = "rule_violated"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The command clashes with the current state (HTTP 409)."""

    status_code = 409
    code = "conflict"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def on_domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": exc.code, "rule": type(exc).__name__, "detail": str(exc)},
        )

    @app.exception_handler(ConcurrencyConflict)
    async def on_conflict(_: Request, exc: ConcurrencyConflict) -> JSONResponse:
        return JSONResponse(
            status_code=409, content={"error": "concurrency_conflict", "detail": str(exc)}
        )
