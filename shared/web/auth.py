"""Who may call a route: API keys with roles, checked against authenticated key records.

The key comes in ``X-API-Key`` or ``Authorization: Bearer``; the app's key book
(``shared.infra.api_keys``, attached by the service's lifespan) finds its record and
verifies it with the server secret. Routes guard themselves with the role aliases below
and receive the :class:`Principal`, so that writes by people record who made them.

Roles: ``admin`` passes every check but ``internal``'s; ``internal`` is the services'
own key for calling each other (the only one that reads contact details); ``integration``
is an outside system (ERP, bank feed) that writes facts in; ``collector`` and ``auditor``
are people.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from shared.infra.api_keys import ApiKeyRecord, Principal, Role
from shared.web.state import key_book_of, runtime_of

__all__ = [
    "Admin",
    "ApiKeyRecord",
    "Auditor",
    "Collector",
    "ConsentRecorder",
    "Integration",
    "Internal",
    "PaymentBooker",
    "Principal",
    "Reader",
    "Recorder",
    "Role",
    "require_roles",
]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)

AUTHENTICATED = "huikuan_roles"
"""Attribute naming the roles a guard admits (the OpenAPI documents its 401 and 403)."""


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


def require_roles(*roles: Role, admin: bool = True) -> Callable[..., Awaitable[Principal]]:
    """FastAPI dependency admitting callers whose key has one of ``roles`` (or ``admin``,
    unless ``admin=False``). Missing, unknown, expired or forged key: 401; role not allowed:
    403 naming it."""
    allowed = frozenset(roles) | ({Role.ADMIN} if admin else set())

    async def authenticate(
        request: Request,
        api_key: Annotated[str | None, Security(_api_key_header)],
        bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    ) -> Principal:
        key = api_key or (bearer.credentials if bearer else None)
        if not key:
            raise _unauthorized("missing API key")
        principal = await key_book_of(request).lookup(key)
        if principal is None:
            raise _unauthorized("unknown API key")
        if principal.role not in allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {principal.role} not allowed")
        request.state.principal = principal
        return principal

    setattr(authenticate, AUTHENTICATED, allowed)
    return authenticate


_people_and_systems = require_roles(Role.INTEGRATION, Role.COLLECTOR)


async def _may_book_payments(
    request: Request, who: Annotated[Principal, Depends(_people_and_systems)]
) -> Principal:
    if who.role is Role.COLLECTOR and not runtime_of(request).settings.collectors_may_book_payments:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "collectors may not book payments here (HUIKUAN_COLLECTORS_MAY_BOOK_PAYMENTS is off)",
        )
    return who


# Who may call a route: the role sets the services' APIs use (``admin`` passes each but
# ``Internal``).
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Auditor = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]
Collector = Annotated[Principal, Depends(require_roles(Role.COLLECTOR))]
Integration = Annotated[Principal, Depends(require_roles(Role.INTEGRATION))]
Internal = Annotated[Principal, Depends(require_roles(Role.INTERNAL, admin=False))]
"""The services' own calls to each other: contact details at the moment of sending."""
Reader = Annotated[Principal, Depends(require_roles(Role.COLLECTOR, Role.AUDITOR))]
"""People who read debtors, invoices and notifications: collectors and auditors."""
Recorder = Annotated[Principal, Depends(_people_and_systems)]
"""Who records what happened outside (a consent, a receipt, a preference): systems and
people; the key's name is kept as who did it."""
ConsentRecorder = Annotated[
    Principal, Depends(require_roles(Role.INTEGRATION, Role.COLLECTOR, Role.INTERNAL))
]
"""A consent change: recorded by systems and people, and by notifications for an opt-out
it received (a STOP reply, an unsubscribe link) with the internal key."""
PaymentBooker = Annotated[Principal, Depends(_may_book_payments)]
"""Who books money against an invoice: integrations (the bank feed) and admins; collectors
only where ``HUIKUAN_COLLECTORS_MAY_BOOK_PAYMENTS`` is on. The booking names the key."""
