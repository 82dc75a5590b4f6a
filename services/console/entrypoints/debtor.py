"""A debtor's page, its actions, its balance chart and its evidence downloads."""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.application.actions import ACTIONS, perform
from services.console.application.debtors import Debtors, path_id
from services.console.application.errors import ApiError
from services.console.domain.access import Can, may
from services.console.domain.accounts import Account
from services.console.entrypoints.i18n import translator
from services.console.entrypoints.web import console, render, require

router = APIRouter(prefix="/debtors")
Reader = Annotated[Account, require(Can.READ_DEBTORS)]
Auditor = Annotated[Account, require(Can.READ_EVIDENCE)]
CustomerId = Annotated[str, Path(min_length=1, max_length=64)]


async def _page(
    request: Request, account: Account, customer_id: str, status_code: int = 200,
    errors: dict[str, Any] | None = None, values: dict[str, Any] | None = None,
) -> HTMLResponse:  # fmt: skip
    c = console(request)
    try:
        page = await Debtors(c.api).page(account, c.accounts.api_key(account), customer_id)
    except ApiError as exc:
        code = exc.status if exc.status in (403, 404) else 502
        return render(request, "error.html", code, message=exc.detail)
    errors, values = errors or {}, values or {}
    return render(
        request, "debtor.html", status_code, page=page, d=page.debtor, customer_id=customer_id,
        ferr=lambda form: errors.get(form, {}).get("fields", {}),
        formerr=lambda form: errors.get(form, {}).get("form", ""),
        vals=lambda form: values.get(form, {}), nonce=secrets.token_urlsafe(12),
        done=request.query_params.get("done", ""),
    )  # fmt: skip


@router.get("/{customer_id}")
async def debtor(request: Request, customer_id: CustomerId, account: Reader) -> HTMLResponse:
    return await _page(request, account, customer_id)


@router.post("/{customer_id}/actions/{name}", response_model=None)
async def act(request: Request, customer_id: CustomerId, name: str, account: Reader) -> Response:
    action = ACTIONS.get(name)
    if action is None:
        raise HTTPException(404, f"no action {name}")
    if not may(account.role, action.can):
        raise HTTPException(403, "your role may not do this")
    c = console(request)
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        await perform(c.api, c.accounts.api_key(account), action, customer_id, form)
    except ApiError as exc:
        fields, whole = exc.for_form(action.fields)
        errors = {name: {"fields": fields, "form": whole}}
        return await _page(request, account, customer_id, 422, errors, {name: form})
    if form.get("return_to") == "tasks":
        return RedirectResponse(f"/tasks?done={name}", 303)
    return RedirectResponse(f"/debtors/{path_id(customer_id)}?done={name}#timeline", 303)


@router.get("/{customer_id}/balance")
async def balance_chart(request: Request, customer_id: CustomerId, account: Reader) -> HTMLResponse:
    """The debtor's outstanding balance over time (an htmx fragment)."""
    c, t = console(request), translator(account.language)
    key = c.accounts.api_key(account)
    debtors = Debtors(c.api)
    try:
        view = await c.api.json(key, "GET", "collections", f"/debtors/{path_id(customer_id)}")
        series = await debtors.balance_history(key, customer_id, view["timeline"])
    except ApiError as exc:
        return render(request, "fragment_error.html", message=exc.detail)
    svg = c.charts.over_time(t("Outstanding over time"), series)
    return render(request, "balance.html", svg=svg, series=series)


@router.get("/{customer_id}/evidence.{kind}")
async def evidence(
    request: Request, customer_id: CustomerId, kind: str, account: Auditor
) -> Response:
    if kind not in ("json", "pdf"):
        raise HTTPException(404, "evidence comes as .json or .pdf")
    c = console(request)
    try:
        answer = await c.api.call(c.accounts.api_key(account), "GET", "notifications",
                                  f"/evidence/{path_id(customer_id)}.{kind}")  # fmt: skip
    except ApiError as exc:
        return render(request, "error.html", exc.status if exc.status < 500 else 502,
                      message=exc.detail)  # fmt: skip
    media = "application/pdf" if kind == "pdf" else "application/json"
    name = "evidence-" + re.sub(r"[^A-Za-z0-9._-]", "_", customer_id) + f".{kind}"
    return Response(answer.content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
