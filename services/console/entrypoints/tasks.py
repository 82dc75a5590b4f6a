"""The tasks inbox: open tasks of every debtor, earliest due first; "mine" by default.

Completing or reassigning a task posts the debtor page's task actions (one call of the
collections API each) and comes back here.
"""

from __future__ import annotations

import math
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from services.console.application.actions import actor
from services.console.application.errors import ApiError
from services.console.domain.access import Can
from services.console.domain.accounts import Account
from services.console.entrypoints.web import console, render, require

router = APIRouter()
Reader = Annotated[Account, require(Can.READ_DEBTORS)]
PAGE_SIZE = 50


@router.get("/tasks")
async def tasks(
    request: Request,
    account: Reader,
    whose: Annotated[str, Query(pattern="^(mine|all|team)$")] = "mine",
    team: Annotated[str, Query(max_length=64)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    c = console(request)
    me = actor(account.username)
    params: dict[str, Any] = {"offset": (page - 1) * PAGE_SIZE, "limit": PAGE_SIZE}
    if whose == "mine":
        params["assignee"] = me
    elif whose == "team" and team.strip():
        params["assignee"] = team.strip()
    context: dict[str, Any] = {"whose": whose, "team": team, "me": me, "page": page,
                               "nonce": secrets.token_urlsafe(12),
                               "done": request.query_params.get("done", "")}  # fmt: skip
    try:
        found = await c.api.json(c.accounts.api_key(account), "GET", "collections", "/tasks",
                                 params=params)  # fmt: skip
    except ApiError as exc:
        return render(request, "tasks.html", 502 if exc.status >= 500 else 400,
                      found=None, pages=0, error=str(exc), **context)  # fmt: skip
    pages = max(1, math.ceil(found["total"] / PAGE_SIZE))
    return render(request, "tasks.html", found=found, pages=pages, error="", **context)
