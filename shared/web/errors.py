"""How the API edge answers a refused command: the HTTP status of each kind of domain error.

A domain error names its rule (its class) and its ``code``; the status is decided here,
by the nearest kind in its class hierarchy (``NotFound`` 404, ``Conflict`` 409, any other
``DomainError`` 422). A concurrency conflict that outlived every retry answers 409.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from shared.infra.eventstore import ConcurrencyConflict
from shared.kernel.errors import Conflict, DomainError, NotFound

STATUS_OF: dict[type[DomainError], int] = {NotFound: 404, Conflict: 409, DomainError: 422}


def status_of(error: DomainError) -> int:
    """The HTTP status for ``error``: that of the nearest kind it belongs to."""
    return next(STATUS_OF[kind] for kind in type(error).__mro__ if kind in STATUS_OF)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def on_domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=status_of(exc),
            content={"error": exc.code, "rule": type(exc).__name__, "detail": str(exc)},
        )

    @app.exception_handler(ConcurrencyConflict)
    async def on_conflict(_: Request, exc: ConcurrencyConflict) -> JSONResponse:
        return JSONResponse(
            status_code=409, content={"error": "concurrency_conflict", "detail": str(exc)}
        )
