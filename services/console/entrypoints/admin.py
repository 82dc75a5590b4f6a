"""An administrator's pages: dead letters (replay), API keys, console users."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from services.console.application.accounts import UnknownAccount, UsernameTaken
from services.console.application.debtors import path_id
from services.console.application.errors import ApiError
from services.console.domain.access import Can
from services.console.domain.accounts import (
    PERSON_ROLES,
    Account,
    InvalidUsername,
    Language,
    PersonRole,
)
from services.console.entrypoints.web import console, log, render, require

router = APIRouter(prefix="/admin")
SERVICES = ("customers", "invoicing", "collections", "notifications")
KEY_ROLES = ("admin", "collector", "auditor", "integration")
DeadLetterAdmin = Annotated[Account, require(Can.REPLAY_DEAD_LETTERS)]
KeyAdmin = Annotated[Account, require(Can.MANAGE_KEYS)]
UserAdmin = Annotated[Account, require(Can.MANAGE_USERS)]


async def _dead_letters(request: Request, account: Account, notice: str = "") -> HTMLResponse:
    c = console(request)
    key = c.accounts.api_key(account)

    async def of(service: str) -> tuple[str, list[dict[str, Any]] | str]:
        try:
            return service, await c.api.json(key, "GET", service, "/admin/dead-letters")
        except ApiError as exc:
            return service, str(exc)

    found = dict(await asyncio.gather(*map(of, SERVICES)))
    return render(request, "dead_letters.html", found=found, notice=notice)


@router.get("/dead-letters")
async def dead_letters(request: Request, account: DeadLetterAdmin) -> HTMLResponse:
    return await _dead_letters(request, account)


@router.post("/dead-letters/{service}/{dead_id}/replay")
async def replay(
    request: Request, service: str, dead_id: str, account: DeadLetterAdmin
) -> HTMLResponse:
    if service not in SERVICES:
        raise HTTPException(404, f"no service {service}")
    c = console(request)
    try:
        done = await c.api.json(c.accounts.api_key(account), "POST", service,
                                f"/admin/dead-letters/{path_id(dead_id)}/replay")  # fmt: skip
        notice = f"{service} {dead_id} → {done['replayed_as']}"
    except ApiError as exc:
        notice = str(exc)
    return await _dead_letters(request, account, notice)


async def _keys(request: Request, status_code: int = 200, **extra: Any) -> HTMLResponse:
    listing = await console(request).keys.listing()
    return render(request, "keys.html", status_code, keys=listing, roles=KEY_ROLES,
                  **{"created": "", "message": "", **extra})  # fmt: skip


@router.get("/keys")
async def keys(request: Request, _: KeyAdmin) -> HTMLResponse:
    return await _keys(request)


@router.post("/keys")
async def create_key(
    request: Request, account: KeyAdmin, name: Annotated[str, Form()], role: Annotated[str, Form()]
) -> HTMLResponse:
    name = name.strip()
    if role not in KEY_ROLES or not 1 <= len(name) <= 64 or not name.isprintable():
        return await _keys(request, 422, message="a name of 1–64 printable characters and a role")
    created = await console(request).keys.issue(name, role)  # type: ignore[arg-type]
    log.info("api_key_created", by=account.username, key_name=name, role=role)
    return await _keys(request, created=created)


@router.post("/keys/{digest}/revoke")
async def revoke_key(request: Request, digest: str, account: KeyAdmin) -> HTMLResponse:
    c = console(request)
    if digest not in await c.keys.listing():
        raise HTTPException(404, "no such key")
    await c.keys.revoke(digest)
    log.info("api_key_revoked", by=account.username, digest=digest[:12])
    return await _keys(request, message=f"revoked {digest[:12]}…")


async def _users(request: Request, status_code: int = 200, **extra: Any) -> HTMLResponse:
    accounts = await console(request).accounts.store.all()
    return render(request, "users.html", status_code, users=accounts, roles=PERSON_ROLES,
                  now=console(request).accounts.clock(),
                  **{"password_for": None, "message": "", **extra})  # fmt: skip


@router.get("/users")
async def users(request: Request, _: UserAdmin) -> HTMLResponse:
    return await _users(request)


@router.post("/users")
async def create_user(
    request: Request, account: UserAdmin, username: Annotated[str, Form()],
    role: Annotated[PersonRole, Form()], language: Annotated[Language, Form()],
) -> HTMLResponse:  # fmt: skip
    try:
        created, password = await console(request).accounts.create(username.strip(), role, language)
    except (UsernameTaken, InvalidUsername) as exc:
        return await _users(request, 422, message=f"{type(exc).__name__}: {exc}")
    log.info("console_user_created", by=account.username, user=created.username, role=role)
    return await _users(request, password_for=(created.username, password))


@router.post("/users/{username}/{act}")
async def change_user(
    request: Request, username: str, act: str, account: UserAdmin,
    role: Annotated[PersonRole | None, Form()] = None,
) -> HTMLResponse:  # fmt: skip
    accounts = console(request).accounts
    try:
        if act == "reset-password":
            password = await accounts.reset_password(username)
            return await _users(request, password_for=(username, password))
        if act == "role" and role is not None:
            await accounts.set_role(username, role)
        elif act in ("disable", "enable"):
            if username == account.username:
                return await _users(request, 422, message="you cannot disable yourself")
            await accounts.set_disabled(username, act == "disable")
        else:
            raise HTTPException(404, f"no such change: {act}")
    except UnknownAccount as exc:
        raise HTTPException(404, f"no user {exc}") from exc
    log.info("console_user_changed", by=account.username, user=username, change=act)
    return await _users(request, message=f"{username}: {act}")
