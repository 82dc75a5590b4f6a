"""The worklist: debtors ranked by what recovers most money soonest; its charts."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from services.console.application.actions import actor
from services.console.application.errors import ApiError
from services.console.application.portfolio import FILTERS, PAGE_SIZE, Portfolio
from services.console.domain.access import Can
from services.console.domain.accounts import Account
from services.console.entrypoints.i18n import translator
from services.console.entrypoints.web import console, render, require

router = APIRouter()
Reader = Annotated[Account, require(Can.READ_DEBTORS)]
STATES = ("reminded", "overdue", "demand_issued", "supply_halted", "promise_pending",
          "payment_plan", "hardship", "escalated_agency", "escalated_legal")  # fmt: skip
CLASSIFICATIONS = ("hardship", "dispute", "unwilling", "unreachable", "insolvency")


@router.get("/worklist")
async def worklist(
    request: Request, account: Reader, page: Annotated[int, Query(ge=1, le=100_000)] = 1
) -> HTMLResponse:
    c = console(request)
    filters = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    try:
        found = await Portfolio(c.api).page(c.accounts.api_key(account), filters, page,
                                            actor(account.username))  # fmt: skip
    except ApiError as exc:
        return render(request, "worklist.html", 502 if exc.status >= 500 else 400,
                      filters=filters, error=str(exc), found=None, page=page, pages=0,
                      states=STATES, classifications=CLASSIFICATIONS)  # fmt: skip
    pages = max(1, math.ceil(found["total"] / PAGE_SIZE))
    return render(request, "worklist.html", filters=filters, found=found, page=page, pages=pages,
                  error="", states=STATES, classifications=CLASSIFICATIONS,
                  first_rank=(page - 1) * PAGE_SIZE + 1)  # fmt: skip


@router.get("/worklist/charts")
async def worklist_charts(request: Request, account: Reader) -> HTMLResponse:
    """The two portfolio charts, loaded after the page (htmx) so the list comes first."""
    c, t = console(request), translator(account.language)
    try:
        by_age, by_level = await Portfolio(c.api).totals(c.accounts.api_key(account))
    except ApiError as exc:
        return render(request, "charts.html", charts=[], error=str(exc))
    by_level.labels = [f"{t('level')} {label}" for label in by_level.labels]
    charts = [
        (t("Overdue by age of the oldest overdue invoice (days)"), by_age,
         c.charts.bars(t("Overdue by age (days)"), by_age.labels, by_age.by_currency)),
        (t("Worklist money by dunning level"), by_level,
         c.charts.bars(t("Overdue by level"), by_level.labels, by_level.by_currency)),
    ]  # fmt: skip
    return render(request, "charts.html", charts=charts, error="")
