"""The customer account API (the ledger of record): the account with its open items,
balances per currency and unapplied cash; payments with or without an allocation list,
applying and refunding held credit, bounced payments, credit notes, debit notes and fees,
write-offs, statements and the account's settings. Writes answer 201 when they changed
something, 200 when the very same command had already been applied; a refusal names the
rule (``code``) it broke."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.invoicing.application.account_views import AccountView, normalised
from services.invoicing.domain.commands import CustomerId
from services.invoicing.domain.ledger import Statement
from services.invoicing.domain.ledger import commands as ledger
from services.invoicing.domain.statement_run import account_statement
from services.invoicing.entrypoints.deps import Wired
from shared.web.auth import Admin, PaymentBooker, Reader, Recorder

router = APIRouter(prefix="/customers/{customer_id}", tags=["accounts"])
ALREADY: dict[int | str, dict[str, str]] = {200: {"description": "The very same was already done"}}
Customer = Annotated[CustomerId, Path()]


async def _run(
    wired: Wired, customer_id: str, command: ledger.LedgerCommand, who: str, response: Response
) -> AccountView:
    view, created = await wired.invoicing.on_ledger(customer_id, command, booked_by=who)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return view


@router.get("/account")
async def get_account(customer_id: Customer, _: Reader, wired: Wired) -> AccountView:
    """Open items, balances per currency (open items less unapplied credit), held cash, and
    late interest withheld for want of a published reference rate."""
    today = wired.invoicing.rules.today(await wired.clock.now())
    return await wired.invoicing.account(customer_id, today)


@router.put("/account/settings", status_code=201, responses=ALREADY)
async def change_settings(
    customer_id: Customer, body: ledger.ChangeAccountSettings, response: Response,
    who: Admin, wired: Wired,
) -> AccountView:  # fmt: skip
    """Allocation rule, auto-apply of held credit, payment terms, contract interest."""
    return await _run(wired, customer_id, body, who.name, response)


class StatementDay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: int = Field(ge=1, le=28)


@router.put("/account/statement-day", status_code=201, responses=ALREADY)
async def set_statement_day(
    customer_id: Customer, body: StatementDay, response: Response, who: Admin, wired: Wired
) -> AccountView:
    """Draw up this customer's statements on ``day`` of each month instead of the 1st."""
    changed = await wired.invoicing.set_statement_day(customer_id, body.day, who.name)
    response.status_code = status.HTTP_201_CREATED if changed else status.HTTP_200_OK
    return await wired.invoicing.account(customer_id)


@router.post("/payments", status_code=201, responses=ALREADY)
async def receive_payment(
    customer_id: Customer, body: ledger.ReceivePayment, response: Response,
    who: PaymentBooker, wired: Wired,
) -> AccountView:  # fmt: skip
    """Money received: allocated as ``allocations`` says, else by the customer's rule
    (oldest due first); what is left stays unapplied credit."""
    return await _run(wired, customer_id, body, who.name, response)


@router.post("/payments/{payment_id}/reversal", status_code=201, responses=ALREADY)
async def reverse_payment(
    customer_id: Customer, payment_id: Annotated[ledger.DocumentId, Path()],
    body: ledger.ReversePayment, response: Response, who: PaymentBooker, wired: Wired,
) -> AccountView:  # fmt: skip
    """A bounced payment: every allocation it made (and discount it earned) is undone."""
    cmd = body.model_copy(update={"payment_id": payment_id})
    return await _run(wired, customer_id, cmd, who.name, response)


@router.post("/allocations", status_code=201, responses=ALREADY)
async def apply_credit(
    customer_id: Customer, body: ledger.ApplyUnappliedCredit, response: Response,
    who: Recorder, wired: Wired,
) -> AccountView:  # fmt: skip
    """Apply held credit: by ``allocations``, else by the rule."""
    return await _run(wired, customer_id, body, who.name, response)


@router.post("/refunds", status_code=201, responses=ALREADY)
async def refund_credit(
    customer_id: Customer, body: ledger.RefundUnappliedCredit, response: Response,
    who: PaymentBooker, wired: Wired,
) -> AccountView:  # fmt: skip
    return await _run(wired, customer_id, body, who.name, response)


@router.post("/credit-notes", status_code=201, responses=ALREADY)
async def issue_credit_note(
    customer_id: Customer, body: ledger.IssueCreditNote, response: Response,
    who: Recorder, wired: Wired,
) -> AccountView:  # fmt: skip
    """Credit one or more invoices or charges (full or partial) with a reason."""
    return await _run(wired, customer_id, body, who.name, response)


@router.post("/charges", status_code=201, responses=ALREADY)
async def raise_charge(
    customer_id: Customer, body: ledger.RaiseCharge, response: Response,
    who: Recorder, wired: Wired,
) -> AccountView:  # fmt: skip
    """A debit note (more principal) or a fee, on its own or against an invoice."""
    return await _run(wired, customer_id, body, who.name, response)


@router.post("/write-offs", status_code=201, responses=ALREADY)
async def write_off(
    customer_id: Customer, body: ledger.WriteOff, response: Response,
    who: Admin, wired: Wired,
) -> AccountView:  # fmt: skip
    return await _run(wired, customer_id, body, who.name, response)


@router.get("/statement")
async def statement(
    customer_id: Customer, period_from: dt.date, period_to: dt.date, _: Reader, wired: Wired
) -> Statement:
    """The account over [period_from, period_to): opening balance, every line, closing
    balance and the aged open items (对账单), and the reward points balance at its end."""
    state, _version = await wired.invoicing.state(customer_id)
    return normalised(account_statement(state, period_from, period_to))


@router.get(
    "/statement.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The statement"}},
)
async def statement_pdf(
    customer_id: Customer, period_from: dt.date, period_to: dt.date, _: Reader, wired: Wired
) -> Response:
    """The statement as a PDF (Chinese and English; the text can be copied out)."""
    state, _version = await wired.invoicing.state(customer_id)
    statement = account_statement(state, period_from, period_to)
    return Response(wired.render_statement(statement), media_type="application/pdf")
