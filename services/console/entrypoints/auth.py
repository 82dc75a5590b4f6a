"""Sign in, sign out, choose a password, switch language."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.application.accounts import SignInRefused
from services.console.domain.accounts import Account, Language, PasswordTooShort
from services.console.entrypoints.i18n import translator
from services.console.entrypoints.web import (
    SESSION_COOKIE,
    User,
    console,
    log,
    pre_session_token,
    render,
    session,
    set_pre_session,
    signed_in,
    start_session_cookie,
)

router = APIRouter()


@router.get("/sign-in")
async def sign_in_form(request: Request) -> HTMLResponse:
    """The form; someone already signed in may sign in as another (the session's token)."""
    record = await session(request)
    if record is not None:
        return render(request, "sign_in.html", pre_csrf=record["csrf"], username="", message="")
    token = pre_session_token(request) or secrets.token_urlsafe(32)
    page = render(request, "sign_in.html", pre_csrf=token, username="", message="")
    set_pre_session(page, console(request), token)
    return page


@router.post("/sign-in", response_model=None)
async def sign_in(
    request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> Response:
    c = console(request)
    try:
        account = await c.accounts.sign_in(username, password)
    except SignInRefused as refused:
        log.info("sign_in_refused", user=username.strip().lower()[:32], reason=refused.reason)
        t = translator(refused.account.language if refused.account else "zh-CN")
        message = {
            "locked": t("Too many wrong passwords: this account is locked for a while."),
            "disabled": t("This account is disabled."),
        }.get(refused.reason, t("Wrong username or password."))
        token = pre_session_token(request)
        return render(request, "sign_in.html", 401, pre_csrf=token, username=username,
                      message=message)  # fmt: skip
    old = await session(request)
    if old:
        await c.sessions.end(old["session_id"])
    session_id, _ = await c.sessions.start(account.username, c.session_lifetime)
    log.info("signed_in", user=account.username, role=account.role)
    response = RedirectResponse("/password" if account.must_change_password else "/worklist", 303)
    start_session_cookie(response, c, session_id)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> RedirectResponse:
    record = await session(request)
    if record:
        await console(request).sessions.end(record["session_id"])
    response = RedirectResponse("/sign-in", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/password")
async def password_form(
    request: Request, _: Annotated[Account, Depends(signed_in)]
) -> HTMLResponse:
    return render(request, "password.html", message="")


@router.post("/password", response_model=None)
async def change_password(
    request: Request,
    account: Annotated[Account, Depends(signed_in)],
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
) -> Response:
    c, t = console(request), translator(account.language)
    try:
        await c.accounts.change_password(account, current, new)
    except SignInRefused:
        return render(request, "password.html", 422, message=t("The current password is wrong."))
    except (PasswordTooShort, ValueError) as exc:
        return render(request, "password.html", 422, message=t(str(exc)))
    return RedirectResponse("/worklist", 303)


@router.post("/language")
async def set_language(
    request: Request, account: User, language: Annotated[Language, Form()]
) -> RedirectResponse:
    await console(request).accounts.set_language(account.username, language)
    back = urlparse(request.headers.get("referer", "")).path  # same site only
    safe = back.startswith("/") and not back.startswith("//")
    return RedirectResponse(back if safe else "/worklist", 303)
