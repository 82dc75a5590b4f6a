"""The pages behind a statement's signed links (the customer has no API key).

``GET …/confirm`` shows the statement's balance and a button; ``GET …/dispute-lines`` lists
its open invoices with a form. Only the form's ``POST`` records anything: a mail scanner
that fetches the link changes nothing. A link whose token does not match, or that has
expired, gets a 403 page saying so. Pages are Jinja2 in a sandbox with autoescaping on.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, status
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from services.invoicing.domain.account_commands import DisputeStatementLines
from services.invoicing.domain.account_state import AccountState
from services.invoicing.domain.commands import CustomerId
from services.invoicing.domain.ledger.model import money
from services.invoicing.entrypoints.deps import Wired
from shared.contracts.invoicing import StatementIssued
from shared.contracts.money import Money, minor_units

router = APIRouter(prefix="/customers/{customer_id}/statements/{statement_id}",
                   tags=["statement pages"])  # fmt: skip
Customer = Annotated[CustomerId, PathParam()]
StatementId = Annotated[str, PathParam(pattern=r"^[0-9a-f-]{36}$")]
Token = Annotated[str, Query(max_length=128)]
Expires = Annotated[str, Query(max_length=10)]
Reason = Literal["quality", "quantity", "price", "delivery", "other"]
REASONS: dict[Reason, str] = {
    "quality": "质量 / Quality", "quantity": "数量 / Quantity", "price": "价格 / Price",
    "delivery": "交付 / Delivery", "other": "其他 / Other",
}  # fmt: skip
PAGES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "The page (or: already recorded)"},
    201: {"content": {"text/html": {}}, "description": "Recorded"},
    403: {"content": {"text/html": {}}, "description": "The link is not valid or has expired"},
    404: {"content": {"text/html": {}}, "description": "No such statement"},
    422: {"content": {"text/html": {}}, "description": "The form names no open invoice"},
}
_HEX = re.compile(r"[0-9a-f]{64}")
_pages = ImmutableSandboxedEnvironment(
    loader=FileSystemLoader(Path(__file__).parent / "pages"), undefined=StrictUndefined,
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True,
)  # fmt: skip


def _page(name: str, code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_pages.get_template(name).render(context), status_code=code)


def _answer(code: int, heading: str, *message: str) -> HTMLResponse:
    return _page("answer.html.j2", code, heading=heading, message=message)


REFUSED = (status.HTTP_403_FORBIDDEN, "链接无效或已过期 / This link is not valid or has expired",
           "此链接不是该对账单的有效链接，或已超过有效期。请联系我方索取新的对账单。",
           "The link does not belong to this statement, or it has expired. Please ask us for "
           "a new statement.")  # fmt: skip


async def _statement(
    wired: Wired, customer_id: str, statement_id: str, token: str, expires: str
) -> tuple[AccountState, StatementIssued] | HTMLResponse:
    """The statement the link is for, or the page refusing it."""
    try:
        until = dt.date.fromisoformat(expires)
    except ValueError:
        return _answer(*REFUSED)
    today = wired.invoicing.rules.today(await wired.clock.now())
    if not _HEX.fullmatch(token) or not wired.links.valid(
        customer_id, statement_id, token, until, today
    ):
        return _answer(*REFUSED)
    state, _version = await wired.invoicing.state(customer_id)
    issued = state.issued_statements.get(statement_id)
    if issued is None:
        return _answer(status.HTTP_404_NOT_FOUND, "没有此对账单 / No such statement")
    return state, issued


def _shown(amount: Money) -> str:
    places = minor_units(amount.currency)
    return f"{amount.currency} {money(amount.amount, amount.currency).amount:,.{places}f}"


def _context(state: AccountState, issued: StatementIssued) -> dict[str, Any]:
    return {
        "customer_id": issued.customer_id, "statement_id": issued.statement_id,
        "period_from": issued.period_from.isoformat(), "period_to": issued.period_to.isoformat(),
        "closing_balances": [_shown(m) for m in issued.closing_balances],
        "lines": [{"invoice_id": i.invoice_id, "due_date": i.due_date.isoformat(),
                   "outstanding": _shown(i.outstanding)} for i in issued.open_invoices],
        "confirmed": issued.statement_id in state.confirmed,
        "dispute_url": issued.dispute_url or "",
    }  # fmt: skip


@router.get("/confirm", response_class=HTMLResponse, responses=PAGES)
async def confirm_page(
    customer_id: Customer, statement_id: StatementId, token: Token, expires: Expires,
    wired: Wired,
) -> HTMLResponse:  # fmt: skip
    """The confirm link's page: the statement's balance and a button (fetching it records
    nothing)."""
    found = await _statement(wired, customer_id, statement_id, token, expires)
    if isinstance(found, HTMLResponse):
        return found
    return _page("confirm.html.j2", **_context(*found))


@router.post("/confirm", response_class=HTMLResponse, responses=PAGES)
async def confirm_by_page(
    customer_id: Customer, statement_id: StatementId, token: Token, expires: Expires,
    wired: Wired,
) -> HTMLResponse:  # fmt: skip
    """The page's button: the customer confirms the balance (``StatementConfirmed``)."""
    found = await _statement(wired, customer_id, statement_id, token, expires)
    if isinstance(found, HTMLResponse):
        return found
    recorded = await wired.invoicing.confirm_statement(
        customer_id, statement_id, "customer", "link"
    )
    return _answer(201 if recorded else 200, "谢谢 / Thank you", "贵司对余额的确认已记录。",
                   "Your confirmation of the balance is recorded.")  # fmt: skip


@router.get("/dispute-lines", response_class=HTMLResponse, responses=PAGES)
async def dispute_page(
    customer_id: Customer, statement_id: StatementId, token: Token, expires: Expires,
    wired: Wired,
) -> HTMLResponse:  # fmt: skip
    """The dispute link's page: the statement's open invoices, to choose and give a reason."""
    found = await _statement(wired, customer_id, statement_id, token, expires)
    if isinstance(found, HTMLResponse):
        return found
    return _page("dispute.html.j2", **_context(*found), reasons=list(REASONS.items()))


@router.post("/dispute-lines", response_class=HTMLResponse, responses=PAGES)
async def dispute_by_page(
    customer_id: Customer, statement_id: StatementId, token: Token, expires: Expires,
    request: Request, wired: Wired,
) -> HTMLResponse:  # fmt: skip
    """The page's form: each chosen invoice becomes ``StatementLineDisputed`` (collections
    sets it aside)."""
    found = await _statement(wired, customer_id, statement_id, token, expires)
    if isinstance(found, HTMLResponse):
        return found
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=200)
    chosen = tuple(dict.fromkeys(form.get("invoice_ids", [])))
    reason = (form.get("reason") or ["other"])[0]
    on_it = {i.invoice_id for i in found[1].open_invoices}
    if not chosen or not set(chosen) <= on_it or reason not in get_args(Reason):
        return _answer(422, "请选择发票 / Choose an invoice",
                       "请至少选择本对账单上的一张发票并选择原因。",
                       "Choose at least one invoice of this statement, and a reason "
                       "(rule: disputed_lines_on_statement).")  # fmt: skip
    cmd = DisputeStatementLines(statement_id=statement_id, invoice_ids=chosen,
                                reason=reason, by="customer")  # fmt: skip
    recorded = await wired.invoicing.dispute_statement(customer_id, cmd)
    return _answer(201 if recorded else 200, "谢谢 / Thank you",
                   f"贵司对 {', '.join(chosen)} 的异议已记录，我方将核实后联系贵司。",
                   f"Your dispute of {', '.join(chosen)} is recorded; we will look into it "
                   "and contact you.")  # fmt: skip
