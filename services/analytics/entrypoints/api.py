"""The reports API: ``GET /reports/<name>`` as JSON, CSV or Excel (``format=``), as of any
date (``as_of``, default today in the business time zone), with each report's filters.

JSON answers hold the report's model (``report``) and its table (``columns``, ``rows``: the
same cells as the CSV, rates with their numerator and denominator). Collectors, auditors
and admins may read them; no report holds personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel

from services.analytics.application.reports import Bands, CaseGroup, Report
from services.analytics.domain.aging import GroupBy
from services.analytics.domain.cure import CureDimension
from services.analytics.domain.errors import InvalidPeriod
from services.analytics.domain.figures import Period
from services.analytics.domain.tables import csv_text, text
from services.analytics.entrypoints.deps import Wired
from shared.web.auth import Reader

router = APIRouter(prefix="/reports", tags=["reports"])
LOADING: dict[int | str, dict[str, Any]] = {
    503: {"description": "The projection is loading or being rebuilt; try again shortly"}
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Format = Annotated[
    Literal["json", "csv", "xlsx"], Query(alias="format", description="json, csv or xlsx")
]
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
MAX_CEI_MONTHS = 120


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a date between {FIRST_DAY} and {LAST_DAY}")
    return day


Day = Annotated[dt.date, AfterValidator(_in_range)]
AsOf = Annotated[Day | None, Query(description="the report as of this date (default today)")]
Start = Annotated[Day | None, Query(description="first day of the period")]
End = Annotated[Day | None, Query(description="last day of the period (default as_of)")]
Group = Annotated[str | None, Query(max_length=128, description="one customer/segment/collector")]
Currency = Annotated[str | None, Query(min_length=3, max_length=3, pattern="^[A-Z]{3}$")]


def answer(wired: Wired, report: Report, fmt: str, as_of: dt.date) -> Response:
    filename = f"{report.name}-{as_of.isoformat()}"
    if fmt == "csv":
        body = "\r\n".join(csv_text(s) for s in report.sheets)
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    if fmt == "xlsx":
        return Response(
            wired.workbook(report.sheets),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
        )
    model = report.model
    if isinstance(model, list):
        dumped: Any = [m.model_dump(mode="json") for m in model]
    else:
        dumped = model.model_dump(mode="json")
    tables = [
        {"name": s.name, "columns": list(s.header), "rows": [[text(c) for c in r] for r in s.rows]}
        for s in report.sheets
    ]
    return JSONResponse({"report": dumped, "tables": tables})


async def _as_of(wired: Wired, as_of: dt.date | None) -> dt.date:
    return as_of or await wired.today()


def _period(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> Period:
    last = end or as_of
    return Period(start=start or last.replace(day=1), end=last)


class ReportAnswer(BaseModel):
    report: Any
    tables: list[dict[str, Any]]


@router.get("/aging", responses=LOADING, response_model=ReportAnswer)
async def aging_report(
    wired: Wired,
    _: Reader,
    as_of: AsOf = None,
    fmt: Format = "json",
    group_by: GroupBy = "total",
    currency: Currency = None,
    group: Group = None,
) -> Response:
    """Open receivables by days past due (not due, 1–30 … over 365) per currency and group."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.aging(day, group_by, currency, group), fmt, day)


@router.get("/dso", responses=LOADING, response_model=ReportAnswer)
async def dso_report(
    wired: Wired,
    _: Reader,
    as_of: AsOf = None,
    fmt: Format = "json",
    currency: Currency = None,
    simple_months: Annotated[int, Query(ge=1, le=24)] = 3,
) -> Response:
    """DSO by count-back and by the simple method, BPDSO and ADD, per currency."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.dso(day, currency, simple_months), fmt, day)


@router.get("/cei", responses=LOADING, response_model=ReportAnswer)
async def cei_report(
    wired: Wired,
    _: Reader,
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")],
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    fmt: Format = "json",
) -> Response:
    """Collection effectiveness index per calendar month from ``start``'s to ``end``'s."""
    day = await _as_of(wired, as_of)
    period = _period(start, end, day)
    if (
        period.end.year - period.start.year
    ) * 12 + period.end.month - period.start.month >= MAX_CEI_MONTHS:
        raise InvalidPeriod(f"at most {MAX_CEI_MONTHS} months of CEI at once")
    return answer(wired, wired.reports.cei(currency, period.start, period.end), fmt, day)


@router.get("/cure-rates", responses=LOADING, response_model=ReportAnswer)
async def cure_report(
    wired: Wired,
    _: Reader,
    by: CureDimension = "level",
    within_days: Annotated[int, Query(ge=1, le=365)] = 14,
    as_of: AsOf = None,
    fmt: Format = "json",
) -> Response:
    """Share of debtors who paid within N days of a step, by level, template (and version),
    channel, hour or weekday of sending."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.cure_rates(by, within_days, day), fmt, day)


@router.get("/recovery", responses=LOADING, response_model=ReportAnswer)
async def recovery_report(
    wired: Wired, _: Reader, as_of: AsOf = None, bands: Bands = "seed", fmt: Format = "json"
) -> Response:
    """Share of the amount handed over at each age that was eventually collected."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.recovery(day, bands), fmt, day)


@router.get("/promises", responses=LOADING, response_model=ReportAnswer)
async def promise_report(
    wired: Wired,
    _: Reader,
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    group_by: CaseGroup = "total",
    fmt: Format = "json",
) -> Response:
    """Promise kept rate of the promises due in the period."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.promises(_period(start, end, day), day, group_by), fmt, day)


@router.get("/plans", responses=LOADING, response_model=ReportAnswer)
async def plan_report(
    wired: Wired,
    _: Reader,
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    group_by: CaseGroup = "total",
    fmt: Format = "json",
) -> Response:
    """Completion rate of the payment plans agreed in the period."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.plans(_period(start, end, day), day, group_by), fmt, day)


@router.get("/disputes", responses=LOADING, response_model=ReportAnswer)
async def dispute_report(
    wired: Wired,
    _: Reader,
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    fmt: Format = "json",
) -> Response:
    """Dispute rate of the invoices issued in the period, and time to resolve."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.disputes(_period(start, end, day), day), fmt, day)


@router.get("/collectors", responses=LOADING, response_model=ReportAnswer)
async def collector_report(
    wired: Wired,
    _: Reader,
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    fmt: Format = "json",
) -> Response:
    """Each collector's promises, plans, resolved disputes and money collected."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.collectors(_period(start, end, day), day), fmt, day)


@router.get("/recovery-prediction", responses=LOADING, response_model=ReportAnswer)
async def recovery_prediction(
    wired: Wired, _: Reader, as_of: AsOf = None, fmt: Format = "json"
) -> Response:
    """Each debtor with money overdue: the probability it is recovered, ranked by expected
    money, with the factors behind it — a logistic model fitted on this installation's own
    history, or the historical rate of the debtor's aging bucket when history is thin."""
    day = await _as_of(wired, as_of)
    return answer(wired, wired.reports.recovery_prediction(day), fmt, day)
