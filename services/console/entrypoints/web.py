"""What every console page shares: the signed session cookie, the CSRF check, the signed-in
account and its role, and rendering a template in the account's language.

The cookie carries only a session id, signed (itsdangerous); the session itself (user,
CSRF token) lives in Redis and ends at sign-out. Before signing in, a second signed
cookie carries the sign-in form's CSRF token. Every POST is checked against the token.
"""

from __future__ import annotations

import datetime as dt
import hmac
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import structlog
from fastapi import Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.console.application.context import Console
from services.console.domain.access import Can, may
from services.console.domain.accounts import Account
from services.console.entrypoints.i18n import translator
from shared.web.state import container_of

SESSION_COOKIE = "hk_console_session"
PRE_SESSION_COOKIE = "hk_console_presession"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

log = structlog.get_logger("console")

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(instant: str | dt.datetime, zone: str) -> str:
    """An instant from the services (ISO, UTC) as the business's local time."""
    at = dt.datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if instant else ""


templates.filters["when"] = _when


class SignInNeeded(Exception):
    """No valid session: the page answers with a redirect to the sign-in form."""


class PasswordChangeNeeded(Exception):
    """The account signed in with a one-time password and must choose its own first."""


console = container_of(Console)
"""The console's container, the one typed dependency its pages take."""


def _serializer(c: Console, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(c.secret, salt=f"hk-console-{purpose}")


def set_cookie(response: Response, c: Console, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax",
        secure=c.settings.secure_cookies, path="/",
    )  # fmt: skip


def start_session_cookie(response: Response, c: Console, session_id: str) -> None:
    signed = _serializer(c, "session").dumps(session_id)
    set_cookie(response, c, SESSION_COOKIE, signed, int(c.session_lifetime.total_seconds()))
    response.delete_cookie(PRE_SESSION_COOKIE, path="/")


def pre_session_token(request: Request) -> str:
    """The sign-in form's CSRF token from its signed cookie ("" when none is valid)."""
    raw = request.cookies.get(PRE_SESSION_COOKIE, "")
    try:
        return str(_serializer(console(request), "pre-session").loads(raw, max_age=3600))
    except BadSignature:
        return ""


def set_pre_session(response: Response, c: Console, token: str) -> None:
    set_cookie(response, c, PRE_SESSION_COOKIE, _serializer(c, "pre-session").dumps(token), 3600)


async def session(request: Request) -> dict[str, Any] | None:
    """The request's session record (with ``session_id``), or None."""
    if hasattr(request.state, "session"):
        found: dict[str, Any] | None = request.state.session
        return found
    c = console(request)
    raw, record = request.cookies.get(SESSION_COOKIE, ""), None
    if raw:
        try:
            session_id = str(
                _serializer(c, "session").loads(
                    raw, max_age=int(c.session_lifetime.total_seconds())
                )
            )
            record = await c.sessions.get(session_id)
            if record is not None:
                record["session_id"] = session_id
        except BadSignature:
            record = None
    request.state.session = record
    return record


async def check_csrf(request: Request) -> None:
    """Every POST carries the form's token (field or header); otherwise 403."""
    if request.method not in UNSAFE:
        return
    record = await session(request)
    expected = record["csrf"] if record else pre_session_token(request)
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get(CSRF_FIELD, ""))
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        log.warning("csrf_refused", path=request.url.path)
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


async def signed_in(request: Request) -> Account:
    record = await session(request)
    if record is None:
        raise SignInNeeded
    account = await console(request).accounts.store.get(record["username"])
    if account is None or account.disabled:
        raise SignInNeeded
    request.state.account = account
    return account


async def user(request: Request, account: Annotated[Account, Depends(signed_in)]) -> Account:
    """The signed-in account, once it has chosen its own password."""
    if account.must_change_password:
        raise PasswordChangeNeeded
    return account


User = Annotated[Account, Depends(user)]


def require(action: Can) -> Any:
    async def allowed(account: User) -> Account:
        if not may(account.role, action):
            raise HTTPException(403, "your role may not do this")
        return account

    return Depends(allowed)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    account: Account | None = getattr(request.state, "account", None)
    record = getattr(request.state, "session", None)
    language = account.language if account else _browser_language(request)
    page = templates.get_template(template).render(
        request=request, account=account, t=translator(language), lang=language,
        csrf=record["csrf"] if record else "", may=lambda a: bool(account and may(account.role, a)),
        Can=Can, tz=console(request).settings.business_timezone, **context,
    )  # fmt: skip
    return HTMLResponse(page, status_code=status_code)


def _browser_language(request: Request) -> str:
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "zh-CN"
