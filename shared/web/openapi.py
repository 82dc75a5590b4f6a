"""The OpenAPI document names every error answer a route can give, not only its success.

FastAPI documents a route's success and, when it takes parameters, its 422. The services
answer more: 401/403 from the API-key guard (``shared.web.auth``), 404 for what is not
found, 409 for a conflict (a domain ``Conflict`` or a write that lost every retry), 413
for a body over the limit (``shared.web.body_limit``), 422 for a refused command (a domain
rule), 400 where a route checks its own input (it declares that itself). Each is added
here from the route's shape, with the body it comes with, so that a client — and the
schemathesis run in the test suite — finds no answer the document does not list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from shared.web.auth import AUTHENTICATED

ANSWERS = "huikuan_answers"
F = TypeVar("F", bound=Callable[..., Any])


def answers(*statuses: int) -> Callable[[F], F]:
    """Mark a dependency with the error statuses it answers (a checked stream id's 400), so
    every route using it documents them."""

    def mark(dependency: F) -> F:
        setattr(dependency, ANSWERS, frozenset(statuses))
        return dependency

    return mark


WRITES = frozenset({"post", "put", "patch", "delete"})
DESCRIPTIONS = {
    400: "Malformed input: a body that cannot be read, or a parameter in the wrong form "
    "(the detail says which)",
    401: "Missing, unknown, expired or forged API key",
    403: "The key's role may not do this",
    404: "Not found (the detail says what)",
    409: "Conflicts with the current state (the detail or rule says how)",
    413: "Request body larger than the service accepts",
    422: "Invalid parameters or body, or a command a business rule refuses",
}
ERROR_ANSWER: dict[str, Any] = {
    "title": "ErrorAnswer",
    "type": "object",
    "description": "An error: ``detail`` says why; a refused command also names its "
    "``error`` code and the ``rule`` that refused it.",
    "properties": {
        "detail": {"title": "Detail"},
        "error": {"title": "Error", "type": "string"},
        "rule": {"title": "Rule", "type": "string"},
    },
}
_REF = "#/components/schemas/ErrorAnswer"


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def _authenticated(route: APIRoute) -> bool:
    return any(hasattr(d.call, AUTHENTICATED) for d in _dependants(route.dependant))


def _takes_input(route: APIRoute) -> bool:
    return any(
        d.path_params or d.query_params or d.header_params or d.cookie_params or d.body_params
        for d in _dependants(route.dependant)
    )


def error_statuses(route: APIRoute, method: str) -> set[int]:
    """The error answers ``route`` can give for ``method`` (lower case)."""
    statuses: set[int] = set()
    for dependant in _dependants(route.dependant):
        statuses |= set(getattr(dependant.call, ANSWERS, ()))
    if _authenticated(route):
        statuses |= {401, 403}
    if route.dependant.body_params:
        statuses |= {400}  # a body FastAPI cannot even read ("error parsing the body")
    if route.dependant.path_params:
        statuses |= {404}
    if _takes_input(route):
        statuses |= {422}
    if method in WRITES:
        statuses |= {404, 409, 413, 422}
    return statuses


def _answer(code: int) -> dict[str, Any]:
    return {"description": DESCRIPTIONS[code],
            "content": {"application/json": {"schema": {"$ref": _REF}}}}  # fmt: skip


def _with_domain_refusals(answer: dict[str, Any]) -> None:
    """FastAPI's 422 documents its validation error only; a rule's refusal is a 422 too."""
    content = answer.setdefault("content", {}).setdefault("application/json", {})
    given = content.get("schema")
    if given is not None and given != {"$ref": _REF}:
        content["schema"] = {"anyOf": [given, {"$ref": _REF}]}


def document_error_answers(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI document list each route's error answers."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        routes = {
            (context.path_format, method.lower()): context.original_route
            for context in iter_route_contexts(app.routes)  # included routers too
            if isinstance(context.original_route, APIRoute)
            for method in context.original_route.methods or ()
        }
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                route = routes.get((path, method))
                if route is None:
                    continue
                answers = operation.setdefault("responses", {})
                for code in sorted(error_statuses(route, method)):
                    answers.setdefault(str(code), _answer(code))
                if "422" in answers:
                    _with_domain_refusals(answers["422"])
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorAnswer"] = ERROR_ANSWER
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
